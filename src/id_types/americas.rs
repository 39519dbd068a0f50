//! The Americas: identity, tax and residence numbers of Argentina, Brazil, Canada, Chile,
//! Colombia, Costa Rica, the Dominican Republic, Ecuador, Guatemala, Mexico, Peru and Uruguay.
//!
//! Each check names its source. Where a source shows that issued numbers break a rule, the rule
//! is left out and a `NOTE:` explains why, because a rejected number stops a real person at the
//! form.

use alloc::string::String;

use zeroize::Zeroizing;

use super::checksum::{byte_at, digit, digits_at, is_valid_date, pair_in, weighted_sum_from_right};
use super::rules::{
    digits_of_length, digits_only, length_between, length_in, luhn_check, weighted_check, Unit,
};
use super::IdType;
use crate::text::char_count;
use crate::Error;

/// The ID types of the Americas outside the United States.
pub(super) static TYPES: &[IdType] = &[
    id_type! {
        name: "ar_cuil",
        country: "AR",
        display_name: "Argentine CUIL",
        article: An,
        layouts: ["##-########-#"],
        kept_signs: "",
        check: check_ar_cuil,
    },
    id_type! {
        name: "ar_dni",
        country: "AR",
        display_name: "Argentine DNI number",
        article: An,
        layouts: ["#.###.###", "##.###.###"],
        kept_signs: "",
        check: check_ar_dni,
    },
    id_type! {
        name: "br_cpf",
        country: "BR",
        display_name: "Brazilian CPF number",
        article: A,
        layouts: ["###.###.###-##"],
        kept_signs: "",
        check: check_br_cpf,
    },
    id_type! {
        name: "ca_sin",
        country: "CA",
        display_name: "Canadian Social Insurance Number",
        article: A,
        layouts: ["###-###-###"],
        kept_signs: "",
        check: check_ca_sin,
    },
    id_type! {
        name: "cl_rut",
        country: "CL",
        display_name: "Chilean RUT",
        article: A,
        layouts: ["#.###.###-#", "##.###.###-#"],
        kept_signs: "",
        check: check_cl_rut,
    },
    id_type! {
        name: "co_nuip",
        country: "CO",
        display_name: "Colombian NUIP",
        article: A,
        layouts: [
            "#",
            "##",
            "###",
            "#.###",
            "##.###",
            "###.###",
            "#.###.###",
            "##.###.###",
            "###.###.###",
            "#.###.###.###",
            "##.###.###.###",
        ],
        kept_signs: "",
        check: check_co_nuip,
    },
    id_type! {
        name: "cr_ci",
        country: "CR",
        display_name: "Costa Rican cédula de identidad",
        article: A,
        layouts: ["#-####-####", "##-####-####"],
        kept_signs: "",
        check: check_cr_cedula,
    },
    id_type! {
        name: "cr_cpf",
        country: "CR",
        display_name: "Costa Rican cédula de persona física",
        article: A,
        layouts: ["#-####-####", "##-####-####"],
        kept_signs: "",
        check: check_cr_cedula,
    },
    id_type! {
        name: "cr_dimex",
        country: "CR",
        display_name: "Costa Rican DIMEX number",
        article: A,
        layouts: ["###########", "############"],
        kept_signs: "",
        check: check_cr_dimex,
    },
    id_type! {
        name: "cr_nite",
        country: "CR",
        display_name: "Costa Rican NITE number",
        article: A,
        layouts: ["##########"],
        kept_signs: "",
        check: check_cr_nite,
    },
    id_type! {
        name: "do_cie",
        country: "DO",
        display_name: "Dominican cédula de identidad y electoral",
        article: A,
        layouts: ["###-#######-#"],
        kept_signs: "",
        check: check_do_cie,
    },
    id_type! {
        name: "do_rcn",
        country: "DO",
        display_name: "Dominican RNC",
        article: A,
        layouts: ["#-##-#####-#", "###-#######-#"],
        kept_signs: "",
        check: check_do_rcn,
    },
    id_type! {
        name: "ec_ci",
        country: "EC",
        display_name: "Ecuadorian cédula de identidad",
        article: An,
        layouts: ["#########-#"],
        kept_signs: "",
        check: check_ec_ci,
    },
    id_type! {
        name: "gt_nit",
        country: "GT",
        display_name: "Guatemalan NIT",
        article: A,
        layouts: [
            "#-#",
            "##-#",
            "###-#",
            "####-#",
            "#####-#",
            "######-#",
            "#######-#",
            "########-#",
            "#########-#",
            "##########-#",
            "###########-#",
        ],
        kept_signs: "",
        check: check_gt_nit,
    },
    id_type! {
        name: "mx_rfc",
        country: "MX",
        display_name: "Mexican RFC",
        article: A,
        layouts: ["############", "#############"],
        kept_signs: "&Ñ",
        check: check_mx_rfc,
    },
    id_type! {
        name: "mx_curp",
        country: "MX",
        display_name: "Mexican CURP",
        article: A,
        layouts: ["##################"],
        kept_signs: "",
        check: check_mx_curp,
    },
    id_type! {
        name: "pe_dni",
        country: "PE",
        display_name: "Peruvian DNI number",
        article: A,
        layouts: ["########"],
        kept_signs: "",
        check: check_pe_dni,
    },
    id_type! {
        name: "uy_dni",
        country: "UY",
        display_name: "Uruguayan cédula de identidad",
        article: A,
        layouts: ["###.###-#", "#.###.###-#"],
        kept_signs: "",
        check: check_uy_dni,
    },
];

/// The type codes that open a CUIL or CUIT, two digits each.
const CUIL_TYPES: &[u8] = b"20232427303334505155";

/// The province codes that open an Ecuadorian cédula.
const ECUADOR_PROVINCES: core::ops::RangeInclusive<u32> = 1..=24;

/// The code that opens the cédula of an Ecuadorian registered at a consulate abroad.
const ECUADOR_ABROAD: u32 = 30;

/// The two-letter codes of the 32 Mexican states and `NE` (born abroad), as the CURP uses them.
const CURP_STATES: &[u8] = b"ASBCBSCCCHCLCMCSDFDGGRGTHGJCMCMNMSNENLNTOCPLQRQTSLSPSRTCTLTSVZYNZS";

/// Argentina's CUIL (Código Único de Identificación Laboral), which has the CUIT's layout: a
/// two-digit type, the eight-digit DNI or company number, and a check digit.
///
/// Sources: Wikipedia (es), "Clave Única de Identificación Tributaria", gives the types 20 and
/// 27 for men and women, 23 for either and 30 for companies, and weights the first ten digits 2
/// to 7 from the right. In python-stdnum `ar.cuit` the check digit is 11 minus the remainder mod
/// 11 of that sum, or 0 for 11. An older `ar.cuit` also allows the types 24, 33, 34, 50, 51 and
/// 55, so they pass too.
///
/// NOTE: a remainder of 1 would give 10, which is not a digit. python-stdnum accepts 9 in that
/// case and so does this check, because no source at hand rules out numbers issued that way.
fn check_ar_cuil(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[11])?;
    if !pair_in(CUIL_TYPES, number, 0) {
        return Err(id_type.component_error(
            " starts with 20, 23, 24, 27, 30, 33, 34, 50, 51 or 55. Check the first two digits.",
        ));
    }

    // 11 minus the remainder, except that 0 gives 0 and 1 gives 9.
    let weights = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    weighted_check(number, id_type, &weights, b"09987654321")
}

/// Argentina's DNI (Documento Nacional de Identidad) number: 7 or 8 digits.
///
/// Source: python-stdnum `ar.dni`. The DNI has no check digit, so only length and character
/// classes are checked.
fn check_ar_dni(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[7, 8])
}

/// Brazil's CPF (Cadastro de Pessoas Físicas): nine digits and two mod-11 check digits.
///
/// Sources: python-stdnum `br.cpf` for the check digits. The first weighs the nine digits 10 down
/// to 2, the second weighs the ten digits 11 down to 2, and each is 11 minus the remainder mod 11,
/// or 0 for remainders 0 and 1. The CPF's "Regra Prática", as quoted by todasasrespostas.com ("Como
/// é escolhido o número do CPF"), states that the digits are never all equal, although such
/// numbers pass the check digits.
fn check_br_cpf(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[11])?;
    if number.bytes().all(|byte| byte == byte_at(number, 0)) {
        return Err(id_type.component_error(" never has all 11 digits the same. Check the number."));
    }

    let first = cpf_check_digit(number.get(..9).unwrap_or_default());
    let second = cpf_check_digit(number.get(..10).unwrap_or_default());
    if digit_at(number, 9) != first || digit_at(number, 10) != second {
        return Err(id_type.checksum_error());
    }
    Ok(())
}

/// Computes a CPF check digit over `digits`, nine or ten of them, weighted from 2 at the right
/// end upwards.
fn cpf_check_digit(digits: &str) -> u32 {
    let sum = weighted_sum_from_right(digits, &[11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
    match sum % 11 {
        0 | 1 => 0,
        remainder => 11 - remainder,
    }
}

/// Canada's Social Insurance Number: nine digits ending with a Luhn check digit.
///
/// Sources: python-stdnum `ca.sin` checks the Luhn digit and rejects numbers that start with 0
/// or 8. askyourmortgagebroker.com, "Social Insurance Numbers" (July 2016), lists the first
/// digit as the province of registration, 9 as temporary, and 0 and 8 as not used.
fn check_ca_sin(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[9])?;
    if matches!(byte_at(number, 0), b'0' | b'8') {
        return Err(id_type.component_error(" never starts with 0 or 8. Check the first digit."));
    }
    luhn_check(number, id_type)
}

/// Chile's RUT (Rol Único Tributario), the same number as the RUN: a seven- or eight-digit body
/// and a mod-11 check character, a digit or K.
///
/// Sources: python-stdnum `cl.rut` for the lengths. zaidmaths.com (December 2010) for the check
/// character: the body's digits are weighted 2 to 7 from the right, repeating, and the check
/// character is 11 minus the remainder mod 11, with 0 for 11 and K for 10.
fn check_cl_rut(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_and_final_k(number, id_type, 8, 9)?;
    // The weights 2 to 7 from the right, repeated, for a body of up to eight digits.
    weighted_check(
        number,
        id_type,
        &[3, 2, 7, 6, 5, 4, 3, 2],
        MOD_11_CHECK_CHARACTERS,
    )
}

/// Colombia's NUIP (Número Único de Identificación Personal), which is also the number of the
/// cédula de ciudadanía and the tarjeta de identidad: up to 11 digits.
///
/// Sources: nationid's "Colombia (CO)" page gives cédulas 6 to 10 digits, tarjetas de identidad
/// 10 or 11, and no check digit. Localpayment's "Document validations: Colombia" also gives
/// cédulas 6 to 10 digits and no check digit. So only length and character classes are checked.
///
/// NOTE: the 6-digit minimum that both sources give for cédulas is not enforced, because neither
/// says that it covers every NUIP, tarjetas de identidad included.
fn check_co_nuip(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_only(number, id_type)?;
    length_between(number, id_type, 1, 11, Unit::Digits)
}

/// Costa Rica's cédula de identidad, which the tax administration calls cédula de persona física:
/// the province (1 to 9), a four-digit volume and a four-digit entry.
///
/// Sources: invopop/gobl's Costa Rica tax identity rules, which cite the Ministerio de Hacienda's
/// "Anexos y Estructuras v4.4": 9 digits, no leading zero. python-stdnum `cr.cpf`: Hacienda also
/// writes it as 10 digits padded with a leading zero. The number has no check digit.
fn check_cr_cedula(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[9, 10])?;
    // The 10-digit form is the 9-digit one with a leading zero.
    let leading_zeros = number.bytes().take_while(|&byte| byte == b'0').count();
    if leading_zeros != number.len() - 9 {
        return Err(id_type.component_error(
            " starts with a province from 1 to 9, or 0 and the province. Check the first digits.",
        ));
    }
    Ok(())
}

/// Costa Rica's DIMEX (Documento de Identidad Migratorio para Extranjeros): 11 or 12 digits.
///
/// Sources: invopop/gobl's Costa Rica tax identity rules, citing Hacienda's "Anexos y
/// Estructuras v4.4": 11 or 12 digits, no leading zero, no check digit.
///
/// NOTE: python-stdnum `cr.cr` also requires a leading 1, which Hacienda's rule quoted above
/// does not, so any first digit but 0 passes.
fn check_cr_dimex(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[11, 12])?;
    if byte_at(number, 0) == b'0' {
        return Err(id_type.component_error(" never starts with 0. Check the first digit."));
    }
    Ok(())
}

/// Costa Rica's NITE (Número de Identificación Tributaria Especial): 10 digits.
///
/// Sources: invopop/gobl's Costa Rica tax identity rules, citing Hacienda's "Anexos y Estructuras
/// v4.4", give 10 characters and no check digit. The NITE module of cambiatus/frontend gives 10
/// digits. So only length and character classes are checked.
fn check_cr_nite(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[10])
}

/// The Dominican Republic's cédula de identidad y electoral: 11 digits.
///
/// Source: python-stdnum `do.cedula`: most cédulas end with a Luhn check digit.
///
/// NOTE: the check digit is not checked, because python-stdnum lists several hundred issued
/// cédulas whose last digit does not match it, and nothing in a number distinguishes them.
fn check_do_cie(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[11])
}

/// The Dominican Republic's RNC (Registro Nacional de Contribuyentes): the cédula number (11
/// digits) for a person who has one, otherwise a 9-digit number from the DGII.
///
/// Source: the DGII's "Guía del Contribuyente No. 2: Registro Nacional de Contribuyentes".
///
/// NOTE: no check digit is checked. python-stdnum `do.rnc` describes a mod-11 check digit for
/// 9-digit RNCs but lists issued RNCs that fail it, and 11-digit RNCs are cédulas, whose check
/// digit has the same problem (see [`check_do_cie`]).
fn check_do_rcn(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[9, 11])
}

/// Ecuador's cédula de identidad: a two-digit province code, seven digits and a check digit.
///
/// Sources: consultasecuador.com, "Código de provincia de la cédula en Ecuador", lists the
/// provinces 01 to 24 and 30 for Ecuadorians registered abroad. In python-stdnum `ec.ci` the
/// digits weighted 2, 1, 2, 1, ... from the left, with products above 9 reduced by 9, sum to a
/// multiple of 10, which is the Luhn check over all ten digits.
///
/// NOTE: the third digit is not checked. The sources above state that it is below 6, but gucyi.com
/// ("Verificar número de cédula – Registro Civil") reports cédulas issued with a 6 there.
fn check_ec_ci(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[10])?;
    let province = digits_at(number, 0, 2);
    if !ECUADOR_PROVINCES.contains(&province) && province != ECUADOR_ABROAD {
        return Err(
            id_type.component_error(" starts with 01 to 24 or 30. Check the first two digits.")
        );
    }
    luhn_check(number, id_type)
}

/// Guatemala's NIT (Número de Identificación Tributaria): 1 to 11 digits and a mod-11 check
/// character, a digit or K.
///
/// Source: python-stdnum `gt.nit`, which cites SAT's "FEL: reglas y validaciones". The digits are
/// weighted 2, 3, 4, ... from the right and the check character is 11 minus the remainder mod 11,
/// with 0 for 11 and K for 10.
fn check_gt_nit(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_and_final_k(number, id_type, 2, 12)?;
    // The weights 2, 3, 4 and so on from the right, for a body of up to 11 digits.
    let weights = [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    weighted_check(number, id_type, &weights, MOD_11_CHECK_CHARACTERS)
}

/// Mexico's RFC (Registro Federal de Contribuyentes): four letters from a person's name (three
/// for a company), a date of birth or incorporation as YYMMDD, and a three-character homoclave.
///
/// Source: python-stdnum `mx.rfc`. The year has two digits and no century marker, so February 29
/// passes in every year divisible by 4. The name part may contain `Ñ` and `&` besides A to Z.
///
/// NOTE: the homoclave's check digit is not checked, because python-stdnum estimates that about
/// 1.5% of the RFCs in use have one that does not match. Names that Mexican rules replace to
/// avoid offensive words are not checked either, because the official list was not available.
fn check_mx_rfc(number: &str, id_type: &IdType) -> Result<(), Error> {
    let number = &rfc_with_ascii_name(number);
    length_in(number, id_type, &[12, 13], Unit::Characters)?;
    let name_length = number.len() - 9;
    let classes = if name_length == 4 {
        "LLLLDDDDDDAAA"
    } else {
        "LLLDDDDDDAAA"
    };
    if !matches_classes(number, classes) {
        return Err(
            id_type.format_error("three or four letters, six digits and three letters or digits.")
        );
    }
    if !is_date_of_any_century(number, name_length) {
        return Err(id_type.component_error(" has a date as YYMMDD after the letters. Check it."));
    }
    Ok(())
}

/// Returns `number` with one ASCII byte per character, so that the checks can read bytes.
/// Each `Ñ` and `&` of the name part, the characters before the last 9, becomes `N`. A `Ñ`
/// after the name part becomes `&`, which the format check rejects there.
fn rfc_with_ascii_name(number: &str) -> Zeroizing<String> {
    let name_length = char_count(number).saturating_sub(9);
    let mut ascii = Zeroizing::new(String::with_capacity(number.len()));
    for (index, character) in number.chars().enumerate() {
        ascii.push(match character {
            'Ñ' | '&' if index < name_length => 'N',
            'Ñ' => '&',
            other => other,
        });
    }
    ascii
}

/// Mexico's CURP (Clave Única de Registro de Población): four letters from the name, the date of
/// birth as YYMMDD, the sex, the state of birth, three consonants of the name, a character that
/// marks the century and a check digit.
///
/// Sources: python-stdnum `mx.curp` for the layout, the state codes and the century rule: a
/// digit in position 17 for births before 2000, a letter from 2000. It also gives the check
/// digit, which weights the first 17 characters 18 down to 2, with the values 0-9 for digits,
/// 10-23 for A-N and 25-36 for O-Z, and takes the mod-10 complement of the sum. Proceso,
/// "Emiten primera CURP de identidad no binaria en Jalisco" (February 2023), shows that the sex
/// is H, M or X.
///
/// NOTE: names that the CURP rules replace to avoid offensive words are not checked, because
/// the official list was not available.
fn check_mx_curp(number: &str, id_type: &IdType) -> Result<(), Error> {
    length_in(number, id_type, &[18], Unit::Characters)?;
    if !matches_classes(number, "LLLLDDDDDDLLLLLLAD") {
        return Err(id_type.format_error(
            "four letters, six digits, six letters, a letter or digit and a digit.",
        ));
    }
    check_curp_components(number, id_type)?;
    if digit_at(number, 17) != curp_check_digit(number) {
        return Err(id_type.checksum_error());
    }
    Ok(())
}

/// Checks the date of birth, the sex and the state code of a CURP with a valid layout.
fn check_curp_components(number: &str, id_type: &IdType) -> Result<(), Error> {
    let century = if digit_at_is_digit(number, 16) {
        1900
    } else {
        2000
    };
    let year = century + digits_at(number, 4, 2);
    if !is_valid_date(year, digits_at(number, 6, 2), digits_at(number, 8, 2)) {
        return Err(id_type.date_error("YYMMDD", 4));
    }
    if !matches!(number.as_bytes().get(10), Some(b'H' | b'M' | b'X')) {
        return Err(id_type.component_error(" has H, M or X as its 11th character. Check it."));
    }
    if !pair_in(CURP_STATES, number, 11) {
        return Err(id_type
            .component_error(" has a state code, or NE, as characters 12 and 13. Check them."));
    }
    Ok(())
}

/// Computes the CURP check digit over the first 17 characters of `number`.
fn curp_check_digit(number: &str) -> u32 {
    let (mut sum, mut weight) = (0, 18);
    for byte in number.bytes().take(17) {
        sum += curp_character_value(byte) * weight;
        weight -= 1;
    }
    (10 - sum % 10) % 10
}

/// Returns a character's value in the CURP alphabet, which places Ñ between N and O, so letters
/// from O on are one higher than their position after N.
fn curp_character_value(byte: u8) -> u32 {
    match byte {
        b'0'..=b'9' => u32::from(byte - b'0'),
        b'A'..=b'N' => u32::from(byte - b'A') + 10,
        b'O'..=b'Z' => u32::from(byte - b'O') + 25,
        _ => 0,
    }
}

/// Peru's DNI (Documento Nacional de Identidad) number: 8 digits.
///
/// Source: python-stdnum `pe.cui`, where the number has 8 digits and an optional ninth check
/// character. The 8 digits have no check digit, so only length and character classes are
/// checked.
///
/// NOTE: the nine-character form is rejected, so that only the 8-digit DNI number reaches
/// Stripe, and its check character is not verified. The error message names it for removal.
fn check_pe_dni(number: &str, id_type: &IdType) -> Result<(), Error> {
    // The card prints a check character, a digit or a letter from A to K, after the number, as
    // in 12345678-9, and people copy it along.
    if let Some((&last, body)) = number.as_bytes().split_last() {
        let with_check_character = body.len() == 8
            && body.iter().all(u8::is_ascii_digit)
            && matches!(last, b'0'..=b'9' | b'A'..=b'K');
        if with_check_character {
            return Err(id_type.error(
                "invalid_length",
                &[" has 8 digits. Leave out the check character printed after the dash."],
            ));
        }
    }
    digits_of_length(number, id_type, &[8])
}

/// Uruguay's cédula de identidad: a six- or seven-digit number and a check digit.
///
/// Source: the ciuy project's "Acerca de los números de identidad uruguayos": the check digit is
/// the seven-digit number (a six-digit one with a leading zero) weighted 8, 1, 2, 3, 4, 7, 6,
/// mod 10. Weighting 2, 9, 8, 7, 6, 3, 4 and taking the mod-10 complement, as done here, gives
/// the same digit.
fn check_uy_dni(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[7, 8])?;
    // The check digit is (10 - sum % 10) % 10.
    weighted_check(number, id_type, &[2, 9, 8, 7, 6, 3, 4], b"0987654321")
}

/// Checks a number of digits that may end with the check character K, with `min` to `max`
/// characters in all.
///
/// # Errors
///
/// `invalid_characters` for a letter other than K, `invalid_length`, and `invalid_format` for
/// a K before the last character.
fn digits_and_final_k(number: &str, id_type: &IdType, min: usize, max: usize) -> Result<(), Error> {
    if !number
        .bytes()
        .all(|byte| byte.is_ascii_digit() || byte == b'K')
    {
        return Err(id_type.error(
            "invalid_characters",
            &[" contains only digits and may end with K. Remove other letters."],
        ));
    }
    length_between(number, id_type, min, max, Unit::Characters)?;
    if number.bytes().rev().skip(1).any(|byte| byte == b'K') {
        return Err(id_type.format_error("digits and a final digit or K."));
    }
    Ok(())
}

/// The mod-11 check characters for each remainder of a weighted sum, for [`weighted_check`]:
/// 11 minus the remainder, with `0` for 11 and `K` for 10.
const MOD_11_CHECK_CHARACTERS: &[u8] = b"0K987654321";

/// Returns whether each character of `number` is of the class at the same place in `classes`:
/// `L` an upper-case letter, `D` a digit and `A` either.
fn matches_classes(number: &str, classes: &str) -> bool {
    number.len() == classes.len()
        && number
            .bytes()
            .zip(classes.bytes())
            .all(|(byte, class)| match class {
                b'L' => byte.is_ascii_uppercase(),
                b'D' => byte.is_ascii_digit(),
                _ => byte.is_ascii_alphanumeric(),
            })
}

/// Returns whether the six digits at `index` are a date as YYMMDD in some century. February 29
/// passes in every year divisible by 4, because 2000 was a leap year.
fn is_date_of_any_century(number: &str, index: usize) -> bool {
    let year = 2000 + digits_at(number, index, 2);
    is_valid_date(
        year,
        digits_at(number, index + 2, 2),
        digits_at(number, index + 4, 2),
    )
}

/// Returns the value of the digit at `index`, or 0 for another character or past the end.
fn digit_at(number: &str, index: usize) -> u32 {
    number.as_bytes().get(index).map_or(0, |&byte| digit(byte))
}

/// Returns whether the character at `index` is a digit.
fn digit_at_is_digit(number: &str, index: usize) -> bool {
    number.as_bytes().get(index).is_some_and(u8::is_ascii_digit)
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::testing::{
        assert_cases, assert_check_digit_detects_changes, assert_valid, outcome, Case,
    };
    use super::TYPES;
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;
    use proptest::prelude::*;

    const CUIL_TYPE_CODES: [u32; 10] = [20, 23, 24, 27, 30, 33, 34, 50, 51, 55];

    const CURP_STATE_CODES: [&str; 33] = [
        "AS", "BC", "BS", "CC", "CH", "CL", "CM", "CS", "DF", "DG", "GR", "GT", "HG", "JC", "MC",
        "MN", "MS", "NE", "NL", "NT", "OC", "PL", "QR", "QT", "SL", "SP", "SR", "TC", "TL", "TS",
        "VZ", "YN", "ZS",
    ];

    /// The CURP alphabet in order, Ñ included, so a character's value is its position.
    const CURP_ALPHABET: &str = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ";

    /// Returns whether `number` is one of Stripe's test numbers, which `validate` handles
    /// before any type's check runs.
    fn is_stripe_test_number(number: &str) -> bool {
        ["000000000", "111111111", "222222222"].contains(&number)
    }

    fn digits_of(text: &str) -> Vec<u32> {
        text.chars().map(|c| c.to_digit(10).unwrap()).collect()
    }

    fn to_char(value: u32) -> char {
        char::from_digit(value, 10).unwrap()
    }

    /// Returns `number` with its last character replaced by another check character.
    fn with_wrong_check(number: &str) -> String {
        let (body, last) = number.split_at(number.len() - 1);
        let replacement = match last {
            "K" => '0',
            digit => to_char((digits_of(digit)[0] + 1) % 10),
        };
        format!("{body}{replacement}")
    }

    fn days_in_month(year: u32, month: u32) -> u32 {
        match month {
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// Computes the weighted sum of CUIL and RUT check digits: weights 2 to 7 from the right,
    /// starting again at 2 after 7.
    fn sum_weighted_two_to_seven(payload: &str) -> u32 {
        let mut sum = 0;
        for (index, value) in digits_of(payload).iter().rev().enumerate() {
            sum += value * (2 + index as u32 % 6);
        }
        sum
    }

    /// Builds a CUIL. A remainder of 1 gives the check digit 9, which the validator accepts.
    fn cuil(type_code: u32, dni: u32) -> String {
        let payload = format!("{type_code:02}{dni:08}");
        let check = match 11 - sum_weighted_two_to_seven(&payload) % 11 {
            11 => 0,
            10 => 9,
            check => check,
        };
        format!("{payload}{check}")
    }

    fn cpf(base: u32) -> String {
        let mut digits = digits_of(&format!("{base:09}"));
        for _ in 0..2 {
            let top_weight = digits.len() as u32 + 1;
            let mut sum = 0;
            for (index, value) in digits.iter().enumerate() {
                sum += value * (top_weight - index as u32);
            }
            let remainder = sum % 11;
            digits.push(if remainder < 2 { 0 } else { 11 - remainder });
        }
        digits.into_iter().map(to_char).collect()
    }

    /// Appends the Luhn check digit, doubling every other digit from the right of `payload`.
    fn with_luhn_digit(payload: &str) -> String {
        let mut sum = 0;
        for (index, value) in digits_of(payload).iter().rev().enumerate() {
            let term = if index % 2 == 0 { value * 2 } else { *value };
            sum += term / 10 + term % 10;
        }
        format!("{payload}{}", (10 - sum % 10) % 10)
    }

    fn rut(body: u32) -> String {
        let body = body.to_string();
        let check = match 11 - sum_weighted_two_to_seven(&body) % 11 {
            11 => '0',
            10 => 'K',
            check => to_char(check),
        };
        format!("{body}{check}")
    }

    /// Builds an Ecuadorian cédula with the coefficients 2, 1, 2, 1, ... from the left.
    fn ec_ci(province: u32, serial: u32) -> String {
        let payload = format!("{province:02}{serial:07}");
        let mut sum = 0;
        for (index, value) in digits_of(&payload).iter().enumerate() {
            let product = if index % 2 == 0 { value * 2 } else { *value };
            sum += if product > 9 { product - 9 } else { product };
        }
        format!("{payload}{}", (10 - sum % 10) % 10)
    }

    fn gt_nit(body: u64) -> String {
        let body = body.to_string();
        let mut sum = 0;
        for (index, value) in digits_of(&body).iter().rev().enumerate() {
            sum += value * (index as u32 + 2);
        }
        let check = match (11 - sum % 11) % 11 {
            10 => 'K',
            check => to_char(check),
        };
        format!("{body}{check}")
    }

    /// Builds a CURP from its parts. `tail` is the three consonants and the character that
    /// marks the century, which the caller picks to match `year`.
    fn curp(
        name: &str,
        (year, month, day): (u32, u32, u32),
        sex_state: &str,
        tail: &str,
    ) -> String {
        let payload = format!("{name}{:02}{month:02}{day:02}{sex_state}{tail}", year % 100);
        let mut sum = 0;
        for (index, character) in payload.chars().enumerate() {
            let value = CURP_ALPHABET.chars().position(|c| c == character).unwrap() as u32;
            sum += value * (18 - index as u32);
        }
        format!("{payload}{}", (10 - sum % 10) % 10)
    }

    /// Builds a Uruguayan cédula with the weights 8, 1, 2, 3, 4, 7, 6 over seven digits.
    fn uy_dni(base: u32) -> String {
        let padded = format!("{base:07}");
        let mut sum = 0;
        for (value, weight) in digits_of(&padded).iter().zip([8, 1, 2, 3, 4, 7, 6]) {
            sum += value * weight;
        }
        format!("{base}{}", sum % 10)
    }

    #[test]
    fn ar_cuil_cases() {
        let valid = cuil(20, 12_345_678);
        assert_valid("ar_cuil", &valid);
        for type_code in CUIL_TYPE_CODES {
            assert_valid("ar_cuil", &cuil(type_code, 30_405_060));
        }
        assert_cases(&[
            Case::fails("ar_cuil", "20-1234567A-1", "invalid_characters"),
            Case::fails("ar_cuil", "20-1234567-1", "invalid_length"),
            Case::fails("ar_cuil", "20-123456789-1", "invalid_length"),
            Case::fails("ar_cuil", &cuil(21, 12_345_678), "invalid_component"),
            Case::fails("ar_cuil", &cuil(40, 12_345_678), "invalid_component"),
            Case::fails("ar_cuil", &with_wrong_check(&valid), "invalid_checksum"),
        ]);
    }

    #[test]
    fn ar_cuil_accepts_nine_for_remainder_one() {
        let dni = (10_000_000..)
            .find(|dni| sum_weighted_two_to_seven(&format!("20{dni:08}")) % 11 == 1)
            .unwrap();
        assert_cases(&[
            Case::passes("ar_cuil", &format!("20{dni:08}9")),
            Case::fails("ar_cuil", &format!("20{dni:08}0"), "invalid_checksum"),
        ]);
    }

    #[test]
    fn ar_dni_cases() {
        assert_valid("ar_dni", "1234567");
        assert_valid("ar_dni", "20123456");
        assert_cases(&[
            Case::passes("ar_dni", "20.123.456"),
            Case::fails("ar_dni", "2O123456", "invalid_characters"),
            Case::fails("ar_dni", "123456", "invalid_length"),
            Case::fails("ar_dni", "201234567", "invalid_length"),
        ]);
    }

    #[test]
    fn br_cpf_cases() {
        let valid = cpf(123_456_789);
        assert_valid("br_cpf", &valid);
        assert_valid("br_cpf", &cpf(1));
        assert_cases(&[
            Case::fails("br_cpf", "123.456.789-0A", "invalid_characters"),
            Case::fails("br_cpf", "123.456.789-0", "invalid_length"),
            Case::fails("br_cpf", "123.456.789-012", "invalid_length"),
            Case::fails("br_cpf", &with_wrong_check(&valid), "invalid_checksum"),
        ]);
    }

    #[test]
    fn br_cpf_rejects_repeated_digits() {
        for repeated in '0'..='9' {
            let number: String = core::iter::repeat_n(repeated, 11).collect();
            // The check digits of a repeated digit match, so only the component rule catches it.
            assert_eq!(
                cpf(digits_of(&number[..9]).iter().fold(0, |a, d| a * 10 + d)),
                number
            );
            assert_cases(&[Case::fails("br_cpf", &number, "invalid_component")]);
        }
    }

    #[test]
    fn ca_sin_cases() {
        let valid = with_luhn_digit("12345678");
        assert_valid("ca_sin", &valid);
        assert_valid("ca_sin", &with_luhn_digit("93456789"));
        assert_cases(&[
            Case::fails("ca_sin", "123-456-78A", "invalid_characters"),
            Case::fails("ca_sin", "123-456-78", "invalid_length"),
            Case::fails("ca_sin", "123-456-7890", "invalid_length"),
            // The fictitious SIN of Wikipedia's description passes Luhn but starts with 0.
            Case::fails("ca_sin", "046 454 286", "invalid_component"),
            Case::fails("ca_sin", &with_luhn_digit("82345678"), "invalid_component"),
            Case::fails("ca_sin", &with_wrong_check(&valid), "invalid_checksum"),
        ]);
    }

    #[test]
    fn cl_rut_cases() {
        let valid = rut(12_345_678);
        assert_valid("cl_rut", &valid);
        assert_valid("cl_rut", &rut(7_654_321));
        let body_with_k = (10_000_000..)
            .find(|body| rut(*body).ends_with('K'))
            .unwrap();
        let with_k = rut(body_with_k);
        assert_valid("cl_rut", &with_k);
        assert_cases(&[
            Case::passes("cl_rut", &with_k.to_ascii_lowercase()),
            Case::fails("cl_rut", "12.345.678-A", "invalid_characters"),
            Case::fails("cl_rut", "123.456-7", "invalid_length"),
            Case::fails("cl_rut", "1.234.567.890", "invalid_length"),
            Case::fails("cl_rut", "12.34K.678-5", "invalid_format"),
            Case::fails("cl_rut", &with_wrong_check(&valid), "invalid_checksum"),
            Case::fails("cl_rut", &with_wrong_check(&with_k), "invalid_checksum"),
        ]);
    }

    #[test]
    fn co_nuip_cases() {
        for number in [
            "7",
            "1234",
            "123456",
            "10203040",
            "1020304050",
            "10203040506",
        ] {
            assert_valid("co_nuip", number);
        }
        assert_cases(&[
            Case::passes("co_nuip", "1.020.304.050"),
            Case::fails("co_nuip", "10203040A", "invalid_characters"),
            Case::fails("co_nuip", "102030405060", "invalid_length"),
        ]);
    }

    #[test]
    fn cr_cedula_cases() {
        for name in ["cr_ci", "cr_cpf"] {
            assert_valid(name, "1-2345-0678");
            assert_valid(name, "9-0001-0002");
            assert_valid(name, "01-2345-0678");
            assert_cases(&[
                Case::passes(name, "712340567"),
                Case::fails(name, "1-2345-067A", "invalid_characters"),
                Case::fails(name, "1-2345-067", "invalid_length"),
                Case::fails(name, "001-2345-0678", "invalid_length"),
                Case::fails(name, "0-2345-0678", "invalid_component"),
                Case::fails(name, "12-2345-0678", "invalid_component"),
                Case::fails(name, "00-2345-0678", "invalid_component"),
            ]);
        }
    }

    #[test]
    fn cr_dimex_cases() {
        assert_valid("cr_dimex", "12345678901");
        assert_valid("cr_dimex", "123456789012");
        assert_cases(&[
            Case::fails("cr_dimex", "1234567890A", "invalid_characters"),
            Case::fails("cr_dimex", "1234567890", "invalid_length"),
            Case::fails("cr_dimex", "1234567890123", "invalid_length"),
            Case::fails("cr_dimex", "012345678901", "invalid_component"),
        ]);
    }

    #[test]
    fn cr_nite_cases() {
        assert_valid("cr_nite", "1234567890");
        assert_cases(&[
            Case::fails("cr_nite", "123456789A", "invalid_characters"),
            Case::fails("cr_nite", "123456789", "invalid_length"),
            Case::fails("cr_nite", "12345678901", "invalid_length"),
        ]);
    }

    #[test]
    fn do_cie_cases() {
        assert_valid("do_cie", "40212345678");
        assert_cases(&[
            Case::passes("do_cie", "402-1234567-8"),
            Case::fails("do_cie", "402-1234567-A", "invalid_characters"),
            Case::fails("do_cie", "402-1234567", "invalid_length"),
            Case::fails("do_cie", "402-1234567-89", "invalid_length"),
        ]);
    }

    #[test]
    fn do_rcn_cases() {
        assert_valid("do_rcn", "123456789");
        assert_valid("do_rcn", "40212345678");
        assert_cases(&[
            Case::passes("do_rcn", "1-23-45678-9"),
            Case::fails("do_rcn", "1-23-45678-A", "invalid_characters"),
            Case::fails("do_rcn", "12345678", "invalid_length"),
            Case::fails("do_rcn", "1234567890", "invalid_length"),
            Case::fails("do_rcn", "123456789012", "invalid_length"),
        ]);
    }

    #[test]
    fn ec_ci_cases() {
        let valid = ec_ci(17, 1_234_567);
        assert_valid("ec_ci", &valid);
        assert_valid("ec_ci", &ec_ci(1, 0));
        assert_valid("ec_ci", &ec_ci(24, 5_999_999));
        assert_valid("ec_ci", &ec_ci(30, 1_234_567));
        // A third digit of 6 has been issued.
        assert_valid("ec_ci", &ec_ci(9, 6_123_456));
        for province in [0, 25, 29, 31, 99] {
            let number = ec_ci(province, 1_234_567);
            assert_cases(&[Case::fails("ec_ci", &number, "invalid_component")]);
        }
        assert_cases(&[
            Case::fails("ec_ci", "171234567A", "invalid_characters"),
            Case::fails("ec_ci", "171234567", "invalid_length"),
            Case::fails("ec_ci", "17123456789", "invalid_length"),
            Case::fails("ec_ci", &with_wrong_check(&valid), "invalid_checksum"),
        ]);
    }

    #[test]
    fn gt_nit_cases() {
        let valid = gt_nit(1_234_567);
        assert_valid("gt_nit", &valid);
        assert_valid("gt_nit", &gt_nit(5));
        assert_valid("gt_nit", &gt_nit(12_345_678_901));
        let body_with_k = (1_000_000..)
            .find(|body| gt_nit(*body).ends_with('K'))
            .unwrap();
        let with_k = gt_nit(body_with_k);
        assert_valid("gt_nit", &with_k);
        assert_cases(&[
            Case::fails("gt_nit", "12A4567-8", "invalid_characters"),
            Case::fails("gt_nit", "7", "invalid_length"),
            Case::fails("gt_nit", "123456789012-3", "invalid_length"),
            Case::fails("gt_nit", "12K4567-8", "invalid_format"),
            Case::fails("gt_nit", &with_wrong_check(&valid), "invalid_checksum"),
            Case::fails("gt_nit", &with_wrong_check(&with_k), "invalid_checksum"),
        ]);
    }

    #[test]
    fn mx_rfc_cases() {
        assert_valid("mx_rfc", "ABCD991231A1B");
        assert_valid("mx_rfc", "XYZ000229K9A");
        assert_valid("mx_rfc", "ABCD040229AAA");
        assert_cases(&[
            Case::passes("mx_rfc", "abcd-991231-a1b"),
            Case::passes("mx_rfc", "MUÑO800101AB1"),
            Case::passes("mx_rfc", "mun\u{303}o-800101-ab1"),
            Case::passes("mx_rfc", "A&B800101AB1"),
            Case::fails("mx_rfc", "ABCD80010Ñ1AB", "invalid_format"),
            Case::fails("mx_rfc", "ABCD800101AÑ1", "invalid_format"),
            Case::fails("mx_rfc", "ABC&80010", "invalid_length"),
            Case::fails("mx_rfc", "ABCD991231", "invalid_length"),
            Case::fails("mx_rfc", "ABCD991231A1B2", "invalid_length"),
            Case::fails("mx_rfc", "1BCD991231A1B", "invalid_format"),
            Case::fails("mx_rfc", "ABCD99123AA1B", "invalid_format"),
            Case::fails("mx_rfc", "ABCD991231A1", "invalid_format"),
            Case::fails("mx_rfc", "ABCD991331A1B", "invalid_component"),
            Case::fails("mx_rfc", "ABCD990230A1B", "invalid_component"),
            Case::fails("mx_rfc", "ABCD990229A1B", "invalid_component"),
            Case::fails("mx_rfc", "ABCD991200A1B", "invalid_component"),
            Case::fails("mx_rfc", "XYZ990431K9A", "invalid_component"),
        ]);
    }

    #[test]
    fn mx_curp_cases() {
        let valid = curp("GOXA", (1985, 7, 14), "HDF", "RRN0");
        assert_valid("mx_curp", &valid);
        assert_valid("mx_curp", &curp("PEXL", (2005, 12, 31), "MNE", "RXNA"));
        assert_valid("mx_curp", &curp("MAXR", (1963, 3, 21), "XJC", "LRC9"));
        assert_valid("mx_curp", &curp("BAXO", (2000, 2, 29), "HZS", "RXTZ"));
        assert_cases(&[
            Case::fails("mx_curp", &valid[..17], "invalid_length"),
            Case::fails("mx_curp", &format!("{valid}0"), "invalid_length"),
            Case::fails("mx_curp", &format!("1{}", &valid[1..]), "invalid_format"),
            Case::fails("mx_curp", &format!("{}A", &valid[..17]), "invalid_format"),
            Case::fails(
                "mx_curp",
                &curp("GOXA", (1985, 2, 30), "HDF", "RRN0"),
                "invalid_component",
            ),
            Case::fails(
                "mx_curp",
                &curp("GOXA", (1985, 13, 1), "HDF", "RRN0"),
                "invalid_component",
            ),
            // A digit in position 17 puts the birth in 1900, which was not a leap year.
            Case::fails(
                "mx_curp",
                &curp("BAXO", (1900, 2, 29), "HZS", "RXT0"),
                "invalid_component",
            ),
            Case::fails(
                "mx_curp",
                &curp("GOXA", (1985, 7, 14), "YDF", "RRN0"),
                "invalid_component",
            ),
            Case::fails(
                "mx_curp",
                &curp("GOXA", (1985, 7, 14), "HZZ", "RRN0"),
                "invalid_component",
            ),
            Case::fails("mx_curp", &with_wrong_check(&valid), "invalid_checksum"),
        ]);
    }

    #[test]
    fn pe_dni_check_character_message() {
        let message = |input: &str| {
            let id_type = super::super::IdType::find("pe_dni").unwrap();
            let number = crate::IdNumber::normalize(input).unwrap();
            let error = (id_type.check)(number.expose(), id_type).unwrap_err();
            error.message().to_string()
        };
        assert_eq!(
            message("12345678-K"),
            "A Peruvian DNI number has 8 digits. Leave out the check character printed after \
             the dash."
        );
        assert_eq!(
            message("1234567890"),
            "A Peruvian DNI number has 8 digits; this one has 10."
        );
    }

    #[test]
    fn pe_dni_cases() {
        assert_valid("pe_dni", "12345678");
        assert_cases(&[
            Case::fails("pe_dni", "1234567A", "invalid_characters"),
            Case::fails("pe_dni", "1234567", "invalid_length"),
            Case::fails("pe_dni", "123456789", "invalid_length"),
            Case::fails("pe_dni", "12345678-K", "invalid_length"),
            Case::fails("pe_dni", "1234567890", "invalid_length"),
        ]);
    }

    #[test]
    fn uy_dni_cases() {
        let valid = uy_dni(1_234_567);
        assert_valid("uy_dni", &valid);
        assert_valid("uy_dni", &uy_dni(987_654));
        assert_cases(&[
            Case::fails("uy_dni", "1.234.567-A", "invalid_characters"),
            Case::fails("uy_dni", "12.345-6", "invalid_length"),
            Case::fails("uy_dni", "12.345.678-9", "invalid_length"),
            Case::fails("uy_dni", &with_wrong_check(&valid), "invalid_checksum"),
        ]);
    }

    /// The weights 2, 8, 6 and 4 are even, so adding or removing 5 at their positions keeps the
    /// sum mod 10. Every other change must be caught.
    #[test]
    fn uy_dni_detects_changes_other_than_five() {
        for base in [1_234_567, 4_000_001, 987_654, 100_000] {
            let number = uy_dni(base);
            for position in 0..number.len() {
                let original = digits_of(&number[position..=position])[0];
                for replacement in (0..10).filter(|r| *r != original && r.abs_diff(original) != 5) {
                    let mut changed = number.clone();
                    changed.replace_range(position..=position, &replacement.to_string());
                    assert!(outcome("uy_dni", &changed).is_err(), "{changed}");
                }
            }
        }
    }

    #[test]
    fn overlong_input_fails_on_length() {
        let digits = "7".repeat(5000);
        let letters = "A".repeat(5000);
        for id_type in TYPES {
            let input = if id_type.name().starts_with("mx_") {
                &letters
            } else {
                &digits
            };
            let error = (id_type.check)(input, id_type).unwrap_err();
            assert_eq!(error.code(), Some("invalid_length"), "{}", id_type.name());
        }
    }

    proptest! {
        #[test]
        fn generated_cuils_pass(type_index in 0usize..10, dni in 0u32..100_000_000) {
            let number = cuil(CUIL_TYPE_CODES[type_index], dni);
            assert_valid("ar_cuil", &number);
            // Remainders 1 and 2 both give the check digit 9, so a change that moves the
            // remainder between them keeps a final 9.
            if !number.ends_with('9') {
                assert_check_digit_detects_changes("ar_cuil", &number, &[]);
            }
        }

        #[test]
        fn generated_dnis_pass(dni in 1_000_000u32..100_000_000) {
            assert_valid("ar_dni", &dni.to_string());
            assert_valid("pe_dni", &format!("{dni:08}"));
        }

        #[test]
        fn generated_cpfs_pass(base in 0u32..1_000_000_000) {
            let number = cpf(base);
            prop_assume!(number.bytes().any(|byte| byte != number.as_bytes()[0]));
            assert_valid("br_cpf", &number);
            // Remainders 0 and 1 both give the check digit 0. When the first check digit is
            // not 0, every change moves it; when it is, a change can keep both check digits.
            if &number[9..10] != "0" {
                assert_check_digit_detects_changes("br_cpf", &number, &[]);
            }
        }

        #[test]
        fn generated_sins_pass(first in prop::sample::select(&[1u32, 2, 3, 4, 5, 6, 7, 9][..]),
                               rest in 0u32..10_000_000) {
            let number = with_luhn_digit(&format!("{first}{rest:07}"));
            prop_assume!(!is_stripe_test_number(&number));
            assert_valid("ca_sin", &number);
            assert_check_digit_detects_changes("ca_sin", &number, &[]);
        }

        #[test]
        fn generated_ruts_pass(body in 1_000_000u32..100_000_000) {
            let number = rut(body);
            prop_assume!(!is_stripe_test_number(&number));
            assert_valid("cl_rut", &number);
            assert_check_digit_detects_changes("cl_rut", &number, &[]);
        }

        #[test]
        fn generated_nuips_pass(number in "[0-9]{1,11}") {
            prop_assume!(!is_stripe_test_number(&number));
            assert_valid("co_nuip", &number);
        }

        #[test]
        fn generated_cr_cedulas_pass(province in 1u32..10, rest in 0u32..100_000_000) {
            let number = format!("{province}{rest:08}");
            prop_assume!(!is_stripe_test_number(&number));
            for name in ["cr_ci", "cr_cpf"] {
                assert_valid(name, &number);
                assert_valid(name, &format!("0{number}"));
            }
        }

        #[test]
        fn generated_cr_dimex_and_nite_pass(first in 1u32..10, rest in "[0-9]{10,11}",
                                            nite in "[0-9]{10}") {
            assert_valid("cr_dimex", &format!("{first}{rest}"));
            assert_valid("cr_nite", &nite);
        }

        #[test]
        fn generated_dominican_numbers_pass(cedula in "[0-9]{11}", rnc in "[0-9]{9}") {
            prop_assume!(!is_stripe_test_number(&rnc));
            assert_valid("do_cie", &cedula);
            assert_valid("do_rcn", &cedula);
            assert_valid("do_rcn", &rnc);
        }

        #[test]
        fn generated_ec_cedulas_pass(province in prop::sample::select(
                                         (1u32..=24).chain([30]).collect::<Vec<_>>()),
                                     serial in 0u32..10_000_000) {
            let number = ec_ci(province, serial);
            assert_valid("ec_ci", &number);
            assert_check_digit_detects_changes("ec_ci", &number, &[]);
        }

        #[test]
        fn generated_gt_nits_pass(body in 1u64..100_000_000_000) {
            let number = gt_nit(body);
            prop_assume!(!is_stripe_test_number(&number));
            assert_valid("gt_nit", &number);
            // In an 11-digit body the leftmost digit but one weighs 11, and in a 10-digit body
            // the leftmost weighs 11, so a change there keeps the sum mod 11.
            let skip: Vec<usize> = number.len().checked_sub(11).into_iter().collect();
            assert_check_digit_detects_changes("gt_nit", &number, &skip);
        }

        #[test]
        fn generated_rfcs_pass(name in "[A-Z]{3,4}", year in 0u32..100, month in 1u32..=12,
                               day_seed in 0u32..31, homoclave in "[A-Z0-9]{3}") {
            let day = 1 + day_seed % days_in_month(2000 + year, month);
            assert_valid("mx_rfc", &format!("{name}{year:02}{month:02}{day:02}{homoclave}"));
        }

        #[test]
        fn generated_curps_pass(name in "[A-Z]{4}", year in 1900u32..2100, month in 1u32..=12,
                                day_seed in 0u32..31,
                                sex in prop::sample::select(&["H", "M", "X"][..]),
                                state in prop::sample::select(&CURP_STATE_CODES[..]),
                                consonants in "[A-Z]{3}", century_digit in 0u32..10,
                                century_letter in "[A-Z]") {
            let day = 1 + day_seed % days_in_month(year, month);
            let century = if year < 2000 { century_digit.to_string() } else { century_letter };
            let tail = format!("{consonants}{century}");
            let number = curp(&name, (year, month, day), &format!("{sex}{state}"), &tail);
            assert_valid("mx_curp", &number);
            // Positions 5, 9 and 17 weigh 14, 10 and 2, which share a factor with 10: a change
            // of 5 there, or any change in position 9, keeps the sum mod 10.
            assert_check_digit_detects_changes("mx_curp", &number, &[4, 8, 16]);
        }

        #[test]
        fn generated_uy_cedulas_pass(base in 100_000u32..10_000_000) {
            let number = uy_dni(base);
            assert_valid("uy_dni", &number);
            // The even weights 2, 8, 6 and 4 miss a change of 5; the positions are counted
            // from the right, so they depend on the length.
            let skip: &[usize] = if number.len() == 8 { &[0, 2, 4, 6] } else { &[1, 3, 5] };
            assert_check_digit_detects_changes("uy_dni", &number, skip);
        }

        #[test]
        fn digit_input_never_panics(input in "[0-9]{1,14}") {
            for id_type in TYPES {
                let _ = (id_type.check)(&input, id_type);
            }
        }

        #[test]
        fn check_character_input_never_panics(input in "[0-9K]{1,14}") {
            for id_type in TYPES {
                let _ = (id_type.check)(&input, id_type);
            }
        }

        #[test]
        fn alphanumeric_input_never_panics(input in "[0-9A-Z]{1,20}") {
            for id_type in TYPES {
                let _ = (id_type.check)(&input, id_type);
            }
        }

        #[test]
        fn kept_sign_input_never_panics(input in "[0-9A-Z&Ñ]{1,20}") {
            for id_type in TYPES {
                let _ = (id_type.check)(&input, id_type);
            }
        }

        #[test]
        fn mexican_shaped_input_never_panics(
            curp in "[A-Z]{4}[0-9]{6}[A-Z]{6}[0-9A-Z][0-9]",
            rfc in "[A-Z&Ñ]{3,4}[0-9]{6}[0-9A-Z]{3}",
        ) {
            for id_type in TYPES {
                let _ = (id_type.check)(&curp, id_type);
                let _ = (id_type.check)(&rfc, id_type);
            }
        }
    }
}
