// A module worker that imports the web build, starts it, and tokenizes each number it is sent.
import init, { configure, createPiiToken } from "/pkg/web/pii_token.js";

const started = init();

self.addEventListener("message", async (event) => {
  const { idNumber, apiBase, publishableKey } = event.data;
  try {
    await started;
    configure({ publishableKey, apiBase, maxNetworkRetries: 0 });
    const token = await createPiiToken(idNumber, { idType: "us_ssn" });
    console.info("pii-token worker: token created");
    self.postMessage({ kind: "token", value: token });
  } catch (error) {
    self.postMessage({ kind: "error", value: `${error.name}: ${error.code} ${error.message}` });
  }
});
