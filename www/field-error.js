// Inline error messages next to form fields. The error element is in the field's
// aria-describedby and has aria-live="polite", so screen readers announce the message.

/** Shows `message` under `input` and marks the field invalid. `code` goes to data-code. */
export function showFieldError(input, errorElement, message, code) {
  errorElement.textContent = message;
  errorElement.dataset.code = code ?? "";
  input.setAttribute("aria-invalid", "true");
}

/** Removes the message under `input` and its invalid mark. */
export function clearFieldError(input, errorElement) {
  errorElement.textContent = "";
  delete errorElement.dataset.code;
  input.removeAttribute("aria-invalid");
}
