// Onboarding form of the demo platform. The ID number goes only to the pii-token module, which
// sends it to the API origin and returns a token. The platform's own server receives only the
// token, and nothing on this page logs, stores or sends the number anywhere else.
//
// A second submit while a request is in flight is ignored because the button is disabled. The
// module also shares one request between identical calls made while the first is in flight.
import init, { configure, createPiiToken } from "/pkg/pii_token.js";

import { clearFieldError, showFieldError } from "/field-error.js";
import { IdNumberField } from "/id-number-field.js";

const ID_NUMBER_PARAM = "pii[id_number]";

const form = document.getElementById("onboarding");
const nameInput = document.getElementById("full-name");
const nameError = document.getElementById("full-name-error");
const countrySelect = document.getElementById("country");
const idInput = document.getElementById("id-number");
const tokenInput = document.getElementById("token");
const submitButton = document.getElementById("submit");
const formStatus = document.getElementById("form-status");

const idField = new IdNumberField({
  countrySelect,
  documentField: document.getElementById("document-field"),
  documentSelect: document.getElementById("document"),
  input: idInput,
  label: document.getElementById("id-number-label"),
  format: document.getElementById("id-number-format"),
  error: document.getElementById("id-number-error"),
});

// Shows a form-level message. `kind` is "info", "success" or "error".
function showStatus(kind, message) {
  formStatus.dataset.kind = kind;
  formStatus.textContent = message;
}

function setBusy(busy) {
  submitButton.disabled = busy;
  submitButton.textContent = busy ? "Verifying…" : "Continue";
  form.setAttribute("aria-busy", String(busy));
}

// Formats the fields of an error that help support find the failed request.
function describeError(err) {
  const details = [];
  if (err.code) {
    details.push(`code ${err.code}`);
  }
  if (err.requestId) {
    details.push(`request ${err.requestId}`);
  }
  return details.length > 0 ? `${err.message} (${details.join(", ")})` : err.message;
}

// Shows a rejection from createPiiToken next to the ID field when it concerns the number, and
// as a form-level error otherwise.
function showTokenError(err) {
  const aboutNumber = err.type === "validation_error" || err.param === ID_NUMBER_PARAM;
  if (aboutNumber) {
    idField.showError(err.message, err.code);
    showStatus("error", "Check the highlighted field.");
    idInput.focus();
    return;
  }
  showStatus("error", describeError(err));
}

async function loadTokenizer() {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) {
    throw new Error(`Loading /config.json failed with HTTP status ${response.status}.`);
  }
  const config = await response.json();
  await init();
  configure({ publishableKey: config.publishableKey, apiBase: config.apiBase });
  idField.load();
}

// Sends the platform's own fields and the token, never the number, to the platform's server.
async function onboard(name, country, token) {
  const body = new URLSearchParams({ name, country, token });
  const response = await fetch("/onboard", { method: "POST", body });
  const result = await response.json().catch(() => ({}));
  if (!response.ok || result.error) {
    const fallback = `Onboarding failed with HTTP status ${response.status}.`;
    const message = result.error?.message ?? fallback;
    throw Object.assign(new Error(message), result.error ?? {});
  }
  return result;
}

function validateName() {
  if (nameInput.value.trim() === "") {
    showFieldError(nameInput, nameError, "Enter your full name.", "missing_name");
    nameInput.focus();
    return false;
  }
  return true;
}

async function tokenizeIdNumber() {
  try {
    return await createPiiToken(idInput.value, { idType: idField.idType });
  } catch (err) {
    showTokenError(err);
    return null;
  }
}

async function handleSubmit(event) {
  event.preventDefault();
  if (submitButton.disabled) {
    return;
  }
  clearFieldError(nameInput, nameError);
  idField.clearError();
  showStatus("info", "");
  if (!validateName()) {
    showStatus("error", "Check the highlighted field.");
    return;
  }

  setBusy(true);
  try {
    const country = countrySelect.value;
    const token = await tokenizeIdNumber();
    if (token === null) {
      return;
    }
    tokenInput.value = token.id;
    idInput.value = "";

    const result = await onboard(nameInput.value.trim(), country, tokenInput.value);
    const accountId = result.account?.id ?? "(no id)";
    showStatus("success", `Verified. Token ${result.token} was redeemed for ${accountId}.`);
  } catch (err) {
    showStatus("error", describeError(err));
  } finally {
    tokenInput.value = "";
    setBusy(false);
  }
}

nameInput.addEventListener("input", () => clearFieldError(nameInput, nameError));
form.addEventListener("submit", handleSubmit);

try {
  await loadTokenizer();
  showStatus("info", "");
  setBusy(false);
} catch (err) {
  showStatus("error", `The form could not start: ${err.message}`);
}
