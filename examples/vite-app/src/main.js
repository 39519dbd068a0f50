// Tokenizes the number in the form with the pii-token package and shows the token. The server
// serves the publishable key and the API origin at /config.json, as the demo merchant does.
import { configure, createPiiToken, formatIdNumber, validateIdNumber } from "pii-token";

const form = document.getElementById("form");
const input = document.getElementById("id-number");
const feedback = document.getElementById("feedback");
const result = document.getElementById("result");

function show(kind, text) {
  result.dataset.kind = kind;
  result.textContent = text;
}

const response = await fetch("/config.json");
const { publishableKey, apiBase } = await response.json();
configure({ publishableKey, apiBase });
document.getElementById("submit").disabled = false;

input.addEventListener("change", () => {
  const check = validateIdNumber(input.value, "us_ssn");
  if (check.valid) {
    input.value = formatIdNumber(input.value, "us_ssn");
  }
  feedback.textContent = check.valid ? "" : check.message;
});

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const token = await createPiiToken(input.value, { idType: "us_ssn" });
    show("token", JSON.stringify(token));
  } catch (error) {
    show("error", `${error.name}: ${error.code ?? ""} ${error.message}`);
  }
});
