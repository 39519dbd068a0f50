// The country selector, the document selector and the ID number field. The choices come from
// the module's ID-type table (idTypes). The feedback while the person types comes from
// formatIdNumber and validateIdNumber, which run in the page and send nothing. Nothing here
// logs the number or puts it anywhere but the field itself.
import { formatIdNumber, idTypes, validateIdNumber } from "/pkg/pii_token.js";

import { clearFieldError, showFieldError } from "/field-error.js";

/** The country that is listed first and selected when the page opens. */
export const DEFAULT_COUNTRY = "US";

// Types that take only the last digits of a number, such as us_ssn_last_4, belong to forms
// that ask for less than the whole number, so this form does not offer them.
const LAST_DIGITS_SUFFIX = "_last_4";

// The hint lists up to this many printed forms. A longer list is shown as its first and last.
const MAX_LISTED_FORMATS = 3;

/** Groups the ID types that take a whole number by country code, in the module's order. */
function fullNumberTypesByCountry() {
  const byCountry = new Map();
  for (const type of idTypes()) {
    if (type.idType.endsWith(LAST_DIGITS_SUFFIX)) {
      continue;
    }
    const types = byCountry.get(type.country) ?? [];
    types.push(type);
    byCountry.set(type.country, types);
  }
  return byCountry;
}

// English region names, where the browser has Intl.DisplayNames.
const REGION_NAMES =
  typeof Intl.DisplayNames === "function"
    ? new Intl.DisplayNames(["en"], { type: "region" })
    : null;

/** Returns the English name of a region code, or the code where the browser has no name. */
function countryName(code) {
  try {
    return REGION_NAMES?.of(code) ?? code;
  } catch {
    // DisplayNames rejects codes that are not well-formed region codes with a RangeError.
    return code;
  }
}

/** Returns `{ code, name }` for each country, the default first and the rest by English name. */
function sortedCountries(codes) {
  const named = codes.map((code) => ({ code, name: countryName(code) }));
  named.sort((a, b) => {
    if (a.code === DEFAULT_COUNTRY || b.code === DEFAULT_COUNTRY) {
      return a.code === DEFAULT_COUNTRY ? -1 : 1;
    }
    return a.name.localeCompare(b.name, "en");
  });
  return named;
}

/** Counts the characters of a printed form, where `#` is one character of the number. */
function countCharacters(format) {
  return format.split("#").length - 1;
}

/** Counts the letters and digits in a text, which is how many `#` it fills in a format. */
function countLettersAndDigits(text) {
  return text.replace(/[^0-9A-Za-z]/g, "").length;
}

const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Whether the document's numbers can contain letters. validateIdNumber returns the code
// invalid_characters for a letter that the document never has, and another code for a letter
// it allows somewhere, so a run of one letter as long as a printed form tells them apart. Every
// letter is tried because some documents allow only one, such as the K check character of a
// Chilean RUT.
function acceptsLetters(type) {
  return type.formats.some((format) =>
    [...LETTERS].some((letter) => {
      const run = letter.repeat(countCharacters(format));
      return validateIdNumber(run, type.idType).code !== "invalid_characters";
    }),
  );
}

/**
 * Describes the printed forms of a type, such as "Printed as ###-##-####, where each # is a
 * digit." `letters` is true when the document's numbers can contain letters.
 */
function describeFormats(formats, letters) {
  if (formats.length === 0) {
    return "";
  }
  const forms =
    formats.length <= MAX_LISTED_FORMATS
      ? `Printed as ${formats.join(" or ")}`
      : `Printed in forms from ${formats[0]} to ${formats[formats.length - 1]}`;
  const character = letters ? "a letter or digit" : "a digit";
  return `${forms}, where each # is ${character}.`;
}

/**
 * The ID number field with its country and document selectors, label, printed-form hint and
 * inline validation message.
 */
export class IdNumberField {
  /**
   * Takes the page's elements: `countrySelect`, `documentField` (the document selector's
   * wrapper), `documentSelect`, `input`, `label`, `format` (the hint's printed-form text) and
   * `error`.
   */
  constructor(elements) {
    this.elements = elements;
    this.typesByCountry = null;
    elements.input.addEventListener("input", () => this.handleInput());
    elements.input.addEventListener("blur", () => this.handleBlur());
  }

  /**
   * Lists every country that has an ID type and selects the default. Call it after the module
   * is initialised and configured, because the validation of Stripe's test numbers depends on
   * the key.
   */
  load() {
    const { countrySelect, documentSelect } = this.elements;
    this.typesByCountry = fullNumberTypesByCountry();
    const countries = sortedCountries([...this.typesByCountry.keys()]);
    countrySelect.replaceChildren(
      ...countries.map(({ code, name }) => new Option(name, code, false, false)),
    );
    countrySelect.value = this.typesByCountry.has(DEFAULT_COUNTRY)
      ? DEFAULT_COUNTRY
      : countries[0].code;
    countrySelect.addEventListener("change", () => this.applyCountry());
    documentSelect.addEventListener("change", () => this.applyDocument());
    this.applyCountry();
  }

  /** The `idType` of the selected document. */
  get idType() {
    return this.selectedType().idType;
  }

  /** Shows a message about the number under the field. */
  showError(message, code) {
    showFieldError(this.elements.input, this.elements.error, message, code);
  }

  /** Removes the message under the field. */
  clearError() {
    clearFieldError(this.elements.input, this.elements.error);
  }

  selectedType() {
    const { countrySelect, documentSelect } = this.elements;
    const types = this.typesByCountry.get(countrySelect.value);
    return types.find((type) => type.idType === documentSelect.value) ?? types[0];
  }

  // Fills the document selector with the country's types, and hides it when there is only one.
  applyCountry() {
    const { countrySelect, documentField, documentSelect } = this.elements;
    const types = this.typesByCountry.get(countrySelect.value);
    documentSelect.replaceChildren(
      ...types.map((type) => new Option(type.displayName, type.idType, false, false)),
    );
    documentSelect.value = types[0].idType;
    documentField.hidden = types.length < 2;
    this.applyDocument();
  }

  // Shows the selected document's name and printed forms, and checks a number typed for
  // another document against this one.
  applyDocument() {
    const { input, label, format } = this.elements;
    const type = this.selectedType();
    const letters = acceptsLetters(type);
    label.textContent = type.displayName;
    format.textContent = describeFormats(type.formats, letters);
    input.inputMode = letters ? "text" : "numeric";
    this.clearError();
    if (this.hasPrintedLength()) {
      this.check();
    }
  }

  // Whether the number in the field has as many letters and digits as one of the document's
  // printed forms. formatIdNumber removes the separators that the document does not keep.
  hasPrintedLength() {
    const value = this.elements.input.value;
    if (value.trim() === "") {
      return false;
    }
    const type = this.selectedType();
    const count = countLettersAndDigits(formatIdNumber(value, type.idType));
    return type.formats.some((format) => countCharacters(format) === count);
  }

  // Shows validateIdNumber's message, or removes the message once the number is valid.
  check() {
    const result = validateIdNumber(this.elements.input.value, this.idType);
    if (result.valid) {
      this.clearError();
    } else {
      this.showError(result.message, result.code);
    }
  }

  // Checks the number once it is as long as a printed form. Until then a message from an
  // earlier attempt is removed, so it does not linger while the person corrects the number.
  handleInput() {
    if (this.typesByCountry !== null && this.hasPrintedLength()) {
      this.check();
    } else {
      this.clearError();
    }
  }

  // Prints the number in the document's usual form when it has a printed form's length, and
  // checks it. An empty field gets no message until the form is submitted.
  handleBlur() {
    const { input } = this.elements;
    if (this.typesByCountry === null || input.value.trim() === "") {
      return;
    }
    if (this.hasPrintedLength()) {
      input.value = formatIdNumber(input.value, this.idType);
    }
    this.check();
  }
}
