// The worker test page: starts a module worker that tokenizes with the web build, sends it the
// number from the form, and shows the token, or the error, in #result.
const result = document.getElementById("result");
const form = document.getElementById("form");
const { apiBase, publishableKey } = document.body.dataset;

const worker = new Worker("/worker.js", { type: "module" });
worker.addEventListener("message", (event) => {
  result.dataset.kind = event.data.kind;
  result.textContent = JSON.stringify(event.data.value);
});
worker.addEventListener("error", (event) => {
  result.dataset.kind = "error";
  result.textContent = `worker error: ${event.message}`;
});

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const idNumber = document.getElementById("id-number").value;
  worker.postMessage({ idNumber, apiBase, publishableKey });
});
