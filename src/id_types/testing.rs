//! Table-driven helpers for the validators' tests.

use alloc::string::String;

use super::{validate, IdType, Rules};
use crate::key::KeyMode;

/// One row of a validator's test table: an input and the expected outcome with a live key.
pub(crate) struct Case {
    id_type: &'static str,
    input: String,
    expected: Option<&'static str>,
}

impl Case {
    /// A number that must pass.
    pub(crate) fn passes(id_type: &'static str, input: &str) -> Self {
        Self {
            id_type,
            input: input.into(),
            expected: None,
        }
    }

    /// A number that must fail with `code`.
    pub(crate) fn fails(id_type: &'static str, input: &str, code: &'static str) -> Self {
        Self {
            id_type,
            input: input.into(),
            expected: Some(code),
        }
    }
}

/// Returns `Ok` or the error code of validating `input` as `id_type` with a live key. A failure
/// message that contains the number fails the test.
pub(crate) fn outcome(id_type: &str, input: &str) -> Result<(), String> {
    let id_type = IdType::find(id_type).unwrap();
    let result = Rules::IdType(id_type)
        .normalize(input)
        .and_then(|number| validate(&number, Some(id_type), KeyMode::Live).map(|()| number));
    match result {
        Ok(_) => Ok(()),
        Err(error) => {
            let compact: String = input.chars().filter(char::is_ascii_alphanumeric).collect();
            if compact.len() >= 4 {
                let message = error.message().to_ascii_uppercase();
                let leaked = message.contains(&compact.to_ascii_uppercase());
                assert!(
                    !leaked,
                    "{}: the message contains the number",
                    id_type.name()
                );
            }
            Err(error.code().unwrap_or_default().into())
        }
    }
}

/// Checks every row of `cases` and names the type and input of the first row that fails.
pub(crate) fn assert_cases(cases: &[Case]) {
    for case in cases {
        let expected = match case.expected {
            Some(code) => Err(String::from(code)),
            None => Ok(()),
        };
        let actual = outcome(case.id_type, &case.input);
        assert_eq!(actual, expected, "{} {:?}", case.id_type, case.input);
    }
}

/// Checks that `number` passes as `id_type`, unformatted and in the type's printed form, and that
/// printing is idempotent.
pub(crate) fn assert_valid(id_type: &'static str, number: &str) {
    let outcome_of = |input: &str| outcome(id_type, input);
    assert_eq!(outcome_of(number), Ok(()), "{id_type} {number:?}");

    let rules = Rules::IdType(IdType::find(id_type).unwrap());
    let normalized = rules.normalize(number).unwrap();
    let printed = IdType::find(id_type).unwrap().format(normalized.expose());
    assert_eq!(
        outcome_of(&printed),
        Ok(()),
        "{id_type} printed as {printed:?}"
    );

    let reprinted = IdType::find(id_type)
        .unwrap()
        .format(rules.normalize(&printed).unwrap().expose());
    assert_eq!(reprinted, printed, "{id_type}: printing is not idempotent");
}

/// Checks that replacing any one digit of `number`, a valid number with a check digit, makes it
/// fail. Positions in `skip` are left alone; use it only where the document's algorithm cannot
/// detect a change there, and say why at the call.
pub(crate) fn assert_check_digit_detects_changes(
    id_type: &'static str,
    number: &str,
    skip: &[usize],
) {
    let rules = Rules::IdType(IdType::find(id_type).unwrap());
    let normalized = rules.normalize(number).unwrap();
    let digits = normalized.expose().as_bytes();
    for position in 0..digits.len() {
        if skip.contains(&position) || !digits[position].is_ascii_digit() {
            continue;
        }
        for replacement in b'0'..=b'9' {
            if replacement == digits[position] {
                continue;
            }
            let mut changed = digits.to_vec();
            changed[position] = replacement;
            let changed = String::from_utf8(changed).unwrap();
            let result = outcome(id_type, &changed);
            assert!(
                result.is_err(),
                "{id_type}: changing position {position} of {number:?} to {changed:?} still passes"
            );
        }
    }
}
