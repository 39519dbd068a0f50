//! `validateIdNumber`, `formatIdNumber` and `idTypes`: the ID-type table for as-you-type
//! feedback, with no network.
//!
//! The exports' documentation is written with `concat!` for the reason given in the parent
//! module.

use js_sys::{Array, Object};
use wasm_bindgen::prelude::*;

use super::{configured, id_number_text, js_error::to_js, normalize, set, Tokenizer};
use crate::id_types::{self as table, IdType, Rules};
use crate::key::KeyMode;

#[doc = concat!(
    "Checks `id_number` against the rules of `id_type` and returns\n",
    "`{ valid, idType, code?, message? }`.\n",
    "\n",
    "Stripe's test numbers count as valid only when the module is configured with a `pk_test_`\n",
    "key; before `configure`, the live rules apply. Throws a `PiiTokenError` for an unknown\n",
    "`id_type`."
)]
#[wasm_bindgen(js_name = validateIdNumber, skip_jsdoc)]
pub fn validate_id_number(id_number: JsValue, id_type: JsValue) -> Result<JsValue, JsValue> {
    let mode = configured().map(|config| config.key().mode());
    validation_result(&id_number, &id_type, mode.unwrap_or(KeyMode::Live))
}

#[doc = concat!(
    "Prints `id_number` in the usual form of `id_type`, such as `123-45-6789` for `us_ssn`.\n",
    "Text that cannot be normalised is returned as given, and a normalised number whose length\n",
    "matches no printed form is returned normalised, without separators.\n",
    "Throws a `PiiTokenError` for an unknown `id_type` or an `id_number` that is not a string."
)]
#[wasm_bindgen(js_name = formatIdNumber, skip_jsdoc)]
pub fn format_id_number(id_number: JsValue, id_type: JsValue) -> Result<JsValue, JsValue> {
    // A `JsValue` rather than a `String`: the string reaches JavaScript the same way, without
    // the conversion code of a returned `String`.
    let id_type = find_id_type(&id_type)?;
    let text = id_number_text(&id_number).map_err(|error| to_js(&error))?;
    Ok(match Rules::IdType(id_type).normalize(&text) {
        Ok(number) => JsValue::from_str(&id_type.format(number.expose())),
        Err(_) => id_number,
    })
}

#[doc = concat!(
    "Lists the ID types of `country` (every type when `country` is undefined or null) as\n",
    "`{ idType, country, displayName, formats }`, where `formats` are the printed layouts with\n",
    "`#` for each character, such as `###-##-####`.\n",
    "\n",
    "A `country` that is not a string matches no type."
)]
#[wasm_bindgen(js_name = idTypes, skip_jsdoc)]
pub fn list_id_types(country: JsValue) -> Array {
    let country = (!country.is_undefined() && !country.is_null())
        .then(|| country.as_string().unwrap_or_default());
    let list = Array::new();
    let matches = |id_type: &&IdType| match &country {
        Some(country) => id_type.country().eq_ignore_ascii_case(country),
        None => true,
    };
    for id_type in table::all().filter(matches) {
        list.push(&describe(id_type));
    }
    list
}

#[cfg_attr(not(pii_token_validation_only), wasm_bindgen)]
impl Tokenizer {
    #[doc = concat!(
        "Checks `id_number` as the module-level `validateIdNumber` does, with this tokenizer's\n",
        "key deciding whether Stripe's test numbers are valid."
    )]
    #[cfg_attr(
        not(pii_token_validation_only),
        wasm_bindgen(js_name = validateIdNumber, skip_jsdoc)
    )]
    pub fn validate_id_number(
        &self,
        id_number: JsValue,
        id_type: JsValue,
    ) -> Result<JsValue, JsValue> {
        validation_result(&id_number, &id_type, self.config.key().mode())
    }
}

/// Finds the ID type named `name`. A `name` that is not a string names no type.
///
/// The exports take the type's name as a `JsValue`, not a `&str`, so that their glue passes no
/// strings.
fn find_id_type(name: &JsValue) -> Result<&'static IdType, JsValue> {
    IdType::find(&name.as_string().unwrap_or_default()).map_err(|error| to_js(&error))
}

fn validation_result(
    id_number: &JsValue,
    id_type: &JsValue,
    mode: KeyMode,
) -> Result<JsValue, JsValue> {
    let id_type = find_id_type(id_type)?;
    let rules = Rules::IdType(id_type);
    let outcome = normalize(id_number, rules).and_then(|number| rules.check(&number, mode));
    if let Err(error) = &outcome {
        if error.error_type() == crate::ErrorType::Integration {
            return Err(to_js(error));
        }
    }

    let result = Object::new();
    set(&result, "valid", &JsValue::from_bool(outcome.is_ok()));
    set(&result, "idType", &JsValue::from_str(id_type.name()));
    if let Err(error) = outcome {
        set(
            &result,
            "code",
            &error.code().map_or(JsValue::UNDEFINED, JsValue::from_str),
        );
        set(&result, "message", &JsValue::from_str(error.message()));
    }
    Ok(result.into())
}

fn describe(id_type: &IdType) -> JsValue {
    let entry = Object::new();
    set(&entry, "idType", &JsValue::from_str(id_type.name()));
    set(&entry, "country", &JsValue::from_str(id_type.country()));
    set(
        &entry,
        "displayName",
        &JsValue::from_str(id_type.display_name()),
    );
    let formats: Array = id_type.layouts().map(JsValue::from_str).collect();
    set(&entry, "formats", &formats);
    entry.into()
}
