// Onboarding form of the demo platform. The ID number goes only to the pii-token module, which
// sends it to the API origin and returns a token. The platform's own server receives only the
// token, and nothing on this page logs, stores or sends the number anywhere else.
import init, { configure, createPiiToken } from "/pkg/pii_token.js";

// Per-country settings, keyed by ISO 3166-1 alpha-2 code.
const COUNTRIES = {
  US: {
    idType: "us_ssn",
    label: "Social Security number",
    hint: "9 digits, with or without dashes. It goes straight to Stripe, and we only receive " +
      "a token for it.",
  },
};

const ID_NUMBER_PARAM = "pii[id_number]";

const form = document.getElementById("onboarding");
const nameInput = document.getElementById("full-name");
const nameError = document.getElementById("full-name-error");
const countrySelect = document.getElementById("country");
const idInput = document.getElementById("id-number");
const idLabel = document.getElementById("id-number-label");
const idHint = document.getElementById("id-number-hint");
const idError = document.getElementById("id-number-error");
const tokenInput = document.getElementById("token");
const submitButton = document.getElementById("submit");
const formStatus = document.getElementById("form-status");

function showFieldError(input, errorElement, message, code) {
  errorElement.textContent = message;
  errorElement.dataset.code = code ?? "";
  input.setAttribute("aria-invalid", "true");
}

function clearFieldError(input, errorElement) {
  errorElement.textContent = "";
  delete errorElement.dataset.code;
  input.removeAttribute("aria-invalid");
}

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
    showFieldError(idInput, idError, err.message, err.code);
    showStatus("error", "Check the highlighted field.");
    idInput.focus();
    return;
  }
  showStatus("error", describeError(err));
}

function applyCountry(code) {
  const country = COUNTRIES[code];
  idLabel.textContent = country.label;
  idHint.textContent = country.hint;
}

async function loadTokenizer() {
  const response = await fetch("/config.json", { cache: "no-store" });
  if (!response.ok) {
    throw new Error(`Loading /config.json failed with HTTP status ${response.status}.`);
  }
  const config = await response.json();
  await init();
  configure({ publishableKey: config.publishableKey, apiBase: config.apiBase });
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

async function tokenizeIdNumber(country) {
  try {
    return await createPiiToken(idInput.value, { idType: COUNTRIES[country].idType });
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
  clearFieldError(idInput, idError);
  showStatus("info", "");
  if (!validateName()) {
    showStatus("error", "Check the highlighted field.");
    return;
  }

  setBusy(true);
  try {
    const country = countrySelect.value;
    const token = await tokenizeIdNumber(country);
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

countrySelect.addEventListener("change", () => applyCountry(countrySelect.value));
idInput.addEventListener("input", () => clearFieldError(idInput, idError));
nameInput.addEventListener("input", () => clearFieldError(nameInput, nameError));
form.addEventListener("submit", handleSubmit);

applyCountry(countrySelect.value);
try {
  await loadTokenizer();
  showStatus("info", "");
  setBusy(false);
} catch (err) {
  showStatus("error", `The form could not start: ${err.message}`);
}
