//! Asia and the Pacific: identity, tax and passport numbers of Bangladesh, Brunei, China, Hong
//! Kong, Indonesia, Japan, Kazakhstan, Malaysia, New Zealand, Pakistan, Singapore and Thailand.
//!
//! Each check function names the source of its rules. Where a document has a published check
//! digit, its check function verifies it. Elsewhere only the length, the character classes and
//! the parts that are never issued are checked.

use super::checksum::{
    byte_at, digit, digits_at, is_valid_date, pair_in, split_last, weighted_sum,
    weighted_sum_from_right,
};
use super::rules::{digits_of_length, length_in, weighted_check, Unit};
use super::IdType;
use crate::Error;

/// The ID types of Asia and the Pacific.
pub(super) static TYPES: &[IdType] = &[
    id_type! {
        name: "bd_brc",
        country: "BD",
        display_name: "Bangladeshi birth registration number",
        article: A,
        layouts: ["################", "#################"],
        kept_signs: "",
        check: check_bd_brc,
    },
    id_type! {
        name: "bd_etin",
        country: "BD",
        display_name: "Bangladeshi e-TIN",
        article: A,
        layouts: ["############"],
        kept_signs: "",
        check: check_bd_etin,
    },
    id_type! {
        name: "bd_nid",
        country: "BD",
        display_name: "Bangladeshi National ID number",
        article: A,
        layouts: ["##########", "#############", "#################"],
        kept_signs: "",
        check: check_bd_nid,
    },
    id_type! {
        name: "bn_nric",
        country: "BN",
        display_name: "Brunei identity card number",
        article: A,
        layouts: ["##-######"],
        kept_signs: "",
        check: check_bn_nric,
    },
    id_type! {
        name: "cn_pp",
        country: "CN",
        display_name: "Chinese passport number",
        article: A,
        layouts: ["########", "#########"],
        kept_signs: "",
        check: check_cn_pp,
    },
    id_type! {
        name: "hk_id",
        country: "HK",
        display_name: "Hong Kong identity card number",
        article: A,
        layouts: ["#######(#)", "########(#)"],
        kept_signs: "",
        check: check_hk_id,
    },
    id_type! {
        name: "id_nik",
        country: "ID",
        display_name: "Indonesian NIK (population identification number)",
        article: An,
        layouts: ["################"],
        kept_signs: "",
        check: check_id_nik,
    },
    id_type! {
        name: "jp_inc",
        country: "JP",
        display_name: "Japanese Individual Number (My Number)",
        article: A,
        layouts: ["#### #### ####"],
        kept_signs: "",
        check: check_jp_inc,
    },
    id_type! {
        name: "kz_iin",
        country: "KZ",
        display_name: "Kazakhstani individual identification number (IIN)",
        article: A,
        layouts: ["############"],
        kept_signs: "",
        check: check_kz_iin,
    },
    id_type! {
        name: "my_nric",
        country: "MY",
        display_name: "Malaysian identity card number (NRIC)",
        article: A,
        layouts: ["######-##-####"],
        kept_signs: "",
        check: check_my_nric,
    },
    id_type! {
        name: "nz_ird",
        country: "NZ",
        display_name: "New Zealand IRD number",
        article: A,
        layouts: ["##-###-###", "###-###-###"],
        kept_signs: "",
        check: check_nz_ird,
    },
    id_type! {
        name: "pk_cnic",
        country: "PK",
        display_name: "Pakistani CNIC number",
        article: A,
        layouts: ["#####-#######-#"],
        kept_signs: "",
        check: check_pk_national_identity_card,
    },
    id_type! {
        name: "pk_snic",
        country: "PK",
        display_name: "Pakistani Smart National Identity Card number",
        article: A,
        layouts: ["#####-#######-#"],
        kept_signs: "",
        check: check_pk_national_identity_card,
    },
    id_type! {
        name: "sg_fin",
        country: "SG",
        display_name: "Singapore FIN",
        article: A,
        layouts: ["#########"],
        kept_signs: "",
        check: check_sg_fin,
    },
    id_type! {
        name: "sg_nric",
        country: "SG",
        display_name: "Singapore NRIC number",
        article: A,
        layouts: ["#########"],
        kept_signs: "",
        check: check_sg_nric,
    },
    id_type! {
        name: "th_lc",
        country: "TH",
        display_name: "Thai ID card laser code",
        article: A,
        layouts: ["###-#######-##"],
        kept_signs: "",
        check: check_th_lc,
    },
    id_type! {
        name: "th_pin",
        country: "TH",
        display_name: "Thai personal identification number",
        article: A,
        layouts: ["#-####-#####-##-#"],
        kept_signs: "",
        check: check_th_pin,
    },
];

/// Bangladeshi birth registration numbers (BRN) of the online Birth Registration Information
/// System: 17 digits, which guides such as birthcertificatecheckbd.com's "Bangladesh 17-Digit
/// Birth Certificate Number" describe as the birth year, location codes and a serial number.
///
/// The number has no published check digit, so only length and character classes are checked.
/// NOTE: secondary sources disagree on how the middle digits are laid out, so neither the year
/// nor the location codes are checked. Handwritten certificates from 2009 to 2013 carry
/// 16-digit numbers (techniquebanglad.blogspot.com), which are accepted too.
fn check_bd_brc(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[16, 17])
}

/// Bangladeshi electronic Taxpayer Identification Numbers: 12 digits.
///
/// Source: python-stdnum's `bd.etin` module, which cites the National Board of Revenue's e-TIN
/// pages. The number has no published check digit, so only length and
/// character classes are checked.
fn check_bd_etin(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[12])
}

/// Bangladeshi National ID numbers from the Election Commission: 10 digits on smart cards,
/// 13 digits on the older laminated cards, and 17 digits for those 13 digits prefixed with the
/// birth year, as described by "Bangladesh National ID Card Code Secret" (blog.ashik.info) and
/// maxbangla.com's "Meaning Of Bangladesh Smart National ID Card Number".
///
/// NOTE: the last of the 10 smart-card digits is a check digit, but its algorithm is not
/// published, so only length and character classes are checked.
fn check_bd_nid(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[10, 13, 17])
}

/// Brunei National Registration Identity Card numbers: 8 digits, printed as `01-234567`.
///
/// Sources: OECD, Information on Tax Identification Numbers, Brunei Darussalam (August 2018),
/// for the cards that carry the number, and TaxDo's Brunei TIN guide for its 8 digits. The number
/// has no published check digit, and the meaning of the first two digits is not published, so
/// only length and character classes are checked.
fn check_bn_nric(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[8])
}

/// Passport numbers of the People's Republic of China, in every published series:
///
/// - ordinary e-passports: `E` and 8 digits until April 2017, then `E`, a letter other than
///   `I` or `O`, and 7 digits;
/// - older ordinary passports: `G` and 8 digits, or 9 digits starting with 14 or 15;
/// - public-affairs, service and diplomatic passports: `PE`, `SE` or `DE` and 7 digits, and the
///   older `P.` or `S.` with 7 digits or `S` with 8 digits;
/// - Hong Kong SAR passports (`K` and 8 digits) and Macao SAR passports (`MA` and 7 digits).
///
/// Source: the passport number formats listed by the pages "中国护照号码格式" on cwdbkk.com and
/// beatwenan.com. Passport numbers have no published check digit. Letters and digits are both
/// valid characters, so every failure is one of length, arrangement or series.
///
/// NOTE: the sources name `D` as the letter of older diplomatic passports, and `P` as the letter
/// of older public-affairs passports, without giving all their digit counts, so `D` and `P` with
/// 7 or 8 digits pass.
fn check_cn_pp(number: &str, id_type: &IdType) -> Result<(), Error> {
    length_in(number, id_type, &[8, 9], Unit::Characters)?;
    let bytes = number.as_bytes();
    let letter_count = bytes
        .iter()
        .take_while(|byte| byte.is_ascii_uppercase())
        .count();
    let (prefix, digits) = bytes.split_at_checked(letter_count).unwrap_or_default();
    let shape_is_valid = matches!((bytes.len(), letter_count), (9, 0..=2) | (8, 1));
    if !shape_is_valid || !digits.iter().all(u8::is_ascii_digit) {
        return Err(id_type.format_error(
            "one or two letters and digits, nine characters in all, or eight for older ones.",
        ));
    }
    if !is_chinese_passport_series(prefix, digits, bytes.len()) {
        return Err(id_type.component_error(
            " starts with E, G, K, MA, PE, SE, DE, P, S or D, or with 14 or 15. Check the first \
             characters.",
        ));
    }
    Ok(())
}

/// Returns whether a passport number of `length` characters whose leading letters are `prefix` and
/// whose digits are `digits` belongs to a published series.
fn is_chinese_passport_series(prefix: &[u8], digits: &[u8], length: usize) -> bool {
    match (prefix, length) {
        ([], _) => digits.starts_with(b"14") || digits.starts_with(b"15"),
        ([b'D' | b'E' | b'G' | b'K' | b'P' | b'S'], 9) | ([b'D' | b'P' | b'S'], 8) => true,
        ([b'E', second], _) => !matches!(second, b'I' | b'O'),
        ([b'D' | b'P' | b'S', b'E'] | [b'M', b'A'], _) => true,
        _ => false,
    }
}

/// Hong Kong identity card numbers: one or two letters, six digits and a check character from
/// 0 to 9 or A, printed as `A123456(3)`.
///
/// Sources: OECD, Information on Tax Identification Numbers, Hong Kong, China, for the format,
/// and the check-digit steps in "Hong Kong ID Formula (HKID Number Check Digit)" on
/// computerterminal.blogspot.com: letters count A = 10 to Z = 35, a one-letter number is read
/// with a leading space worth 36, the eight values are weighted 9 down to 2, and the check value
/// (A = 10) brings the sum to a multiple of 11.
fn check_hk_id(number: &str, id_type: &IdType) -> Result<(), Error> {
    length_in(number, id_type, &[8, 9], Unit::Characters)?;
    // Eight or nine characters: the split points are inside the number.
    let (body, check) = number
        .as_bytes()
        .split_at_checked(number.len() - 1)
        .unwrap_or_default();
    let (letters, digits) = body.split_at_checked(body.len() - 6).unwrap_or_default();
    let shape_is_valid = letters.iter().all(u8::is_ascii_uppercase)
        && digits.iter().all(u8::is_ascii_digit)
        && matches!(check, [b'0'..=b'9' | b'A']);
    if !shape_is_valid {
        return Err(id_type
            .format_error("one or two letters, six digits and a check digit from 0 to 9 or A."));
    }
    if (hong_kong_weighted_sum(body) + hong_kong_check_value(check)) % 11 != 0 {
        return Err(id_type.checksum_error());
    }
    Ok(())
}

/// The value of the leading space that pads a one-letter Hong Kong identity card number.
const HONG_KONG_SPACE_VALUE: u32 = 36;

/// Returns the weighted sum of the letters and digits before the check character, padded to
/// eight values with the leading space, weighted 9 down to 2.
fn hong_kong_weighted_sum(body: &[u8]) -> u32 {
    let padding = if body.len() == 7 {
        HONG_KONG_SPACE_VALUE * 9
    } else {
        0
    };
    let (mut sum, mut weight) = (padding, 2);
    for &byte in body.iter().rev() {
        sum += hong_kong_value(byte) * weight;
        weight += 1;
    }
    sum
}

/// Returns the value of a digit, or of a letter from A = 10 to Z = 35.
fn hong_kong_value(byte: u8) -> u32 {
    if byte.is_ascii_uppercase() {
        u32::from(byte - b'A') + 10
    } else {
        digit(byte)
    }
}

/// Returns the value of the check character: its digit, or 10 for A.
fn hong_kong_check_value(check: &[u8]) -> u32 {
    match check {
        [b'A'] => 10,
        [byte] => digit(*byte),
        _ => 0,
    }
}

/// Indonesian population identification numbers (Nomor Induk Kependudukan): a two-digit
/// province code, regency and district codes, the date of birth as DDMMYY with 40 added to the
/// day for women, and a four-digit serial number.
///
/// Sources: Kompas.com, "Bukan Angka Acak, Ini Arti Kode 16 Digit Angka NIK pada KTP" (2022),
/// for the structure and the Ministry of Home Affairs province codes, and python-stdnum's
/// `id.nik` module for the date rule. The NIK has no check digit. The birth year has two digits,
/// so a date passes when it exists in the 1900s or the 2000s.
///
/// NOTE: the cited list predates the four provinces created in Papua in 2022, which are taken to
/// have codes 93 to 96. Regency and district codes are not checked because no complete list was
/// available.
fn check_id_nik(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[16])?;

    if !pair_in(INDONESIAN_PROVINCES, number, 0) {
        return Err(
            id_type.component_error(" starts with a province code. Check the first two digits.")
        );
    }

    let encoded_day = digits_at(number, 6, 2);
    let day = if encoded_day > 40 {
        encoded_day - 40
    } else {
        encoded_day
    };
    // 2000 + YY is a leap year whenever 1900 + YY is, so the date exists in either century.
    if !is_valid_date(
        2000 + digits_at(number, 10, 2),
        digits_at(number, 8, 2),
        day,
    ) {
        return Err(id_type.date_error("DDMMYY", 6));
    }
    Ok(())
}

/// The province codes of the Ministry of Home Affairs that start every NIK.
const INDONESIAN_PROVINCES: &[u8] = b"111213141516171819213132333435365152536162636465\
    7172737475768182919293949596";

/// Japanese Individual Numbers (My Number): 11 digits and a check digit.
///
/// Source: Ministry of Internal Affairs and Communications Ordinance No. 85 of 2014, article 5,
/// as quoted by mynumber.okinawa-spot.com.
/// Counting the 11 digits from the right as P1 to P11, the weights Qn are n + 1 for n up to 6
/// and n - 5 above. Read from the left, they are 6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2. With r the
/// weighted sum modulo 11, the check digit is 11 - r, or 0 when r is 0 or 1.
fn check_jp_inc(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[12])?;
    // 11 minus the remainder, or 0 for a remainder of 0 or 1.
    let weights = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    weighted_check(number, id_type, &weights, b"00987654321")
}

/// Kazakhstani individual identification numbers (IIN): the date of birth as YYMMDD, a digit
/// for the century of birth and sex, a four-digit serial number and a check digit. The seventh
/// digit is 1 or 2 for the 1800s, 3 or 4 for the 1900s and 5 or 6 for the 2000s.
///
/// Source: Government of Kazakhstan Resolution No. 565 of 11 June 2003, as described by the
/// kz-iin-validator project. The check digit is the sum of the first 11 digits weighted 1 to 11,
/// modulo 11. When that is 10, the weights 3 to 11, 1, 2 are used instead, and a number for which
/// that is 10 too is never issued.
fn check_kz_iin(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[12])?;

    let century = match digits_at(number, 6, 1) {
        1 | 2 => 1800,
        3 | 4 => 1900,
        5 | 6 => 2000,
        _ => return Err(id_type.component_error(" has 1 to 6 as its 7th digit. Check it.")),
    };
    let year = century + digits_at(number, 0, 2);
    if !is_valid_date(year, digits_at(number, 2, 2), digits_at(number, 4, 2)) {
        return Err(id_type.date_error("YYMMDD", 0));
    }

    match kazakhstan_check_digit(number) {
        Some(expected) if digit(byte_at(number, 11)) == expected => Ok(()),
        _ => Err(id_type.checksum_error()),
    }
}

/// Returns the check digit of the first 11 digits of an IIN, or `None` when both weightings
/// give 10, which makes the number one that is never issued. The weights cover 11 digits, so
/// the check digit itself is left out.
fn kazakhstan_check_digit(body: &str) -> Option<u32> {
    let first = weighted_sum(body, &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]) % 11;
    if first != 10 {
        return Some(first);
    }
    let second = weighted_sum(body, &[3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2]) % 11;
    (second != 10).then_some(second)
}

/// Malaysian identity card numbers (MyKad, NRIC): the date of birth as YYMMDD, a two-digit
/// place-of-birth code and a four-digit serial number.
///
/// Source: the National Registration Department's state and country codes, as tabulated in
/// python-stdnum's `my/bp.dat`. Codes 00, 17 to 20, 69, 70, 73, 80, 81 and 94 to 97 are assigned
/// to no state or country. The number has no check digit. The birth year has two digits, so a
/// date passes when it exists in the 1900s or the 2000s.
fn check_my_nric(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[12])?;

    // 2000 + YY is a leap year whenever 1900 + YY is, so the date exists in either century.
    let year = 2000 + digits_at(number, 0, 2);
    if !is_valid_date(year, digits_at(number, 2, 2), digits_at(number, 4, 2)) {
        return Err(id_type.date_error("YYMMDD", 0));
    }
    if matches!(digits_at(number, 6, 2), 0 | 17..=20 | 69 | 70 | 73 | 80 | 81 | 94..=97) {
        return Err(
            id_type.component_error(" has a place-of-birth code as digits 7 and 8. Check them.")
        );
    }
    Ok(())
}

/// New Zealand Inland Revenue (IRD) numbers: a base of 7 or 8 digits and a check digit.
///
/// Source: Inland Revenue's "IR number validation - modulus 11 digit check" from its Resident
/// and Non-Resident Withholding Tax specification (2016), as quoted by the nz-ird-validator
/// package. The base, padded to 8 digits, is weighted 3, 2, 7, 6, 5, 4, 3, 2. The check digit is
/// 11 minus the sum modulo 11, or 0 for a remainder of 0. When that gives 10, the weights 7, 4, 3,
/// 2, 5, 2, 7, 6 are used instead, and a second 10 makes the number invalid. Numbers below
/// 10-000-000 are never issued.
///
/// NOTE: the specification also rejects numbers above 150-000-000, a bound it sized for the
/// numbers expected to be issued in the ten years after 2016. That bound is not checked, so that
/// numbers issued past it are not rejected.
fn check_nz_ird(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[8, 9])?;
    if digits_at(number, 0, 9) < 10_000_000 {
        return Err(
            id_type.component_error(" is never below 10-000-000. Check for a missing digit.")
        );
    }

    let (base, check) = split_last(number);
    match inland_revenue_check_digit(base) {
        Some(expected) if digit(check) == expected => Ok(()),
        _ => Err(id_type.checksum_error()),
    }
}

/// Returns the check digit of an IRD base number, or `None` when both weightings give 10.
fn inland_revenue_check_digit(base: &str) -> Option<u32> {
    [[3, 2, 7, 6, 5, 4, 3, 2], [7, 4, 3, 2, 5, 2, 7, 6]]
        .iter()
        .map(|weights| (11 - weighted_sum_from_right(base, weights) % 11) % 11)
        .find(|&check| check != 10)
}

/// Pakistani Computerised and Smart National Identity Card numbers: 13 digits, printed as
/// `12345-1234567-1`, the same number on both cards.
///
/// Sources: python-stdnum's `pk.cnic` module and NADRA's descriptions of the number as reported
/// by The News ("Did you know?", 2020): a five-digit locality code, a seven-digit family number
/// and a digit that is odd for men and even for women. The number has no check digit.
///
/// NOTE: those descriptions list first digits 1 to 7 for the provinces, but residents of Azad
/// Jammu and Kashmir also hold these cards and no source gives their code, so the first digit is
/// not checked. Nor is the last digit, because no source states whether 0 is ever used.
fn check_pk_national_identity_card(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[13])
}

/// Singapore Foreign Identification Numbers: F, G or M, seven digits and a check letter.
///
/// Sources: FormSG, the Singapore Government's form service (`shared/utils/nric-validation.ts`
/// and its tests), for the M series issued from 2022, and "NRIC checksum" on
/// garden.melvinzhang.net for the F and G series. The digits are weighted 2, 7, 6, 5, 4, 3, 2,
/// and 4 is added for G or 3 for M. The remainder modulo 11 picks the check letter from
/// XWUTRQPNMLK for F and G, or from XWUTRQPNJLK for M.
fn check_sg_fin(number: &str, id_type: &IdType) -> Result<(), Error> {
    check_singapore_number(
        number,
        id_type,
        b"FGM",
        " starts with F, G or M. A number starting with S or T is an NRIC number; \
         otherwise check the first letter.",
    )
}

/// Singapore National Registration Identity Card numbers: S or T, seven digits and a check
/// letter.
///
/// Sources: as for [`check_sg_fin`]. The digits are weighted 2, 7, 6, 5, 4, 3, 2 and 4 is added
/// for T. The remainder modulo 11 picks the check letter from JZIHGFEDCBA.
fn check_sg_nric(number: &str, id_type: &IdType) -> Result<(), Error> {
    check_singapore_number(
        number,
        id_type,
        b"ST",
        " starts with S or T. A number starting with F, G or M is a FIN; otherwise check \
         the first letter.",
    )
}

/// Checks a Singapore NRIC number or FIN whose first letter must be one of `prefixes`;
/// `prefix_reason` completes the message for any other first letter.
fn check_singapore_number(
    number: &str,
    id_type: &IdType,
    prefixes: &[u8],
    prefix_reason: &str,
) -> Result<(), Error> {
    length_in(number, id_type, &[9], Unit::Characters)?;
    let (prefix, check) = (byte_at(number, 0), byte_at(number, 8));
    let digits = number.get(1..8).unwrap_or_default();
    let shape_is_valid = prefix.is_ascii_uppercase()
        && check.is_ascii_uppercase()
        && digits.bytes().all(|byte| byte.is_ascii_digit());
    if !shape_is_valid {
        return Err(id_type.format_error("a letter, seven digits and a check letter."));
    }
    if !prefixes.contains(&prefix) {
        return Err(id_type.component_error(prefix_reason));
    }
    if singapore_check_letter(prefix, digits) != Some(check) {
        return Err(id_type.checksum_error());
    }
    Ok(())
}

/// Returns the check letter of the seven `digits` after `prefix`, or `None` for a prefix that is
/// not S, T, F, G or M.
fn singapore_check_letter(prefix: u8, digits: &str) -> Option<u8> {
    let (offset, letters): (u32, &[u8; 11]) = match prefix {
        b'S' => (0, b"JZIHGFEDCBA"),
        b'T' => (4, b"JZIHGFEDCBA"),
        b'F' => (0, b"XWUTRQPNMLK"),
        b'G' => (4, b"XWUTRQPNMLK"),
        b'M' => (3, b"XWUTRQPNJLK"),
        _ => return None,
    };
    let remainder = (weighted_sum(digits, &[2, 7, 6, 5, 4, 3, 2]) + offset) % 11;
    letters.get(remainder as usize).copied()
}

/// Laser codes from the back of Thai identity cards: two letters and ten digits, printed as
/// `AB1-2345678-90`.
///
/// Sources: the Internal Security Operations Command's description of the Laser ID, reported by
/// The Thaiger in February 2026, and MGR Online's article on it of the same month. Both give it
/// as 12 characters, two English letters and ten digits. No source describes a check digit for
/// it, so only length and the arrangement of letters and digits are checked.
fn check_th_lc(number: &str, id_type: &IdType) -> Result<(), Error> {
    length_in(number, id_type, &[12], Unit::Characters)?;
    let (letters, digits) = number.as_bytes().split_at_checked(2).unwrap_or_default();
    if !letters.iter().all(u8::is_ascii_uppercase) || !digits.iter().all(u8::is_ascii_digit) {
        return Err(id_type.format_error("two letters followed by ten digits."));
    }
    Ok(())
}

/// Thai personal identification numbers: 12 digits and a check digit.
///
/// Source: python-stdnum's `th.pin` module. The digits are weighted 13 down to 2, and the check
/// digit is 11 minus the sum modulo 11, taken modulo 10. The weight of the third digit, 11, is 0
/// modulo 11, so that digit is not covered.
///
/// NOTE: the first digit is the person's category. python-stdnum rejects 0 and 9, but reports on
/// the ASEAN NOW forum describe cards of non-Thai residents starting with both, so it is not
/// checked.
fn check_th_pin(number: &str, id_type: &IdType) -> Result<(), Error> {
    digits_of_length(number, id_type, &[13])?;
    // The check digit is (11 - sum % 11) % 10.
    let weights = [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2];
    weighted_check(number, id_type, &weights, b"10987654321")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::super::testing::{
        assert_cases, assert_check_digit_detects_changes, assert_valid, outcome, Case,
    };
    use alloc::format;
    use alloc::string::String;
    use alloc::vec::Vec;
    use proptest::prelude::{any, prop_assert, prop_assume, prop_oneof, Strategy};
    use proptest::sample::select;

    // Reference check digits, each written from the published description of its document
    // rather than from the validator above.

    fn digit_values(text: &str) -> Vec<u32> {
        text.chars()
            .map(|character| character.to_digit(10).unwrap())
            .collect()
    }

    fn dot(values: &[u32], weights: &[u32]) -> u32 {
        values
            .iter()
            .zip(weights)
            .map(|(value, weight)| value * weight)
            .sum()
    }

    /// Hong Kong: pad to eight values with a leading space worth 36, weight 9 down to 2, and
    /// append 11 minus the remainder, writing 10 as A and 11 as 0.
    fn hong_kong_number(letters: &str, six_digits: &str) -> String {
        let mut values = Vec::new();
        if letters.len() == 1 {
            values.push(36);
        }
        values.extend(
            letters
                .chars()
                .map(|letter| letter as u32 - 'A' as u32 + 10),
        );
        values.extend(digit_values(six_digits));
        let check = match 11 - dot(&values, &[9, 8, 7, 6, 5, 4, 3, 2]) % 11 {
            11 => '0',
            10 => 'A',
            other => char::from_digit(other, 10).unwrap(),
        };
        format!("{letters}{six_digits}{check}")
    }

    /// Singapore: S and T map 11 minus the remainder to the letters A to I, Z and J. F and G
    /// index XWUTRQPNMLK by the remainder. M takes P = 11 minus the remainder of the sum plus 3
    /// and picks letter P of KLJNPQRTUWX.
    fn singapore_number(prefix: char, seven_digits: &str) -> String {
        let sum = dot(&digit_values(seven_digits), &[2, 7, 6, 5, 4, 3, 2]);
        let pick = |letters: &str, index: u32| letters.chars().nth(index as usize).unwrap();
        let check = match prefix {
            'S' => pick("ABCDEFGHIZJ", 11 - sum % 11 - 1),
            'T' => pick("ABCDEFGHIZJ", 11 - (sum + 4) % 11 - 1),
            'F' => pick("XWUTRQPNMLK", sum % 11),
            'G' => pick("XWUTRQPNMLK", (sum + 4) % 11),
            'M' => pick("KLJNPQRTUWX", 11 - (sum + 3) % 11 - 1),
            _ => unreachable!("not a Singapore prefix"),
        };
        format!("{prefix}{seven_digits}{check}")
    }

    /// Thailand: weights 13 down to 2, check digit (11 - sum mod 11) mod 10.
    fn thai_check_digit(twelve_digits: &str) -> u32 {
        let sum: u32 = digit_values(twelve_digits)
            .iter()
            .enumerate()
            .map(|(index, value)| value * (13 - index as u32))
            .sum();
        (11 - sum % 11) % 10
    }

    /// Japan: Pn is the n-th digit from the right, Qn is n + 1 up to n = 6 and n - 5 above.
    fn my_number_check_digit(eleven_digits: &str) -> u32 {
        let sum: u32 = digit_values(eleven_digits)
            .iter()
            .rev()
            .enumerate()
            .map(|(index, p)| {
                let n = index as u32 + 1;
                let q = if n <= 6 { n + 1 } else { n - 5 };
                p * q
            })
            .sum();
        if sum % 11 <= 1 {
            0
        } else {
            11 - sum % 11
        }
    }

    /// Kazakhstan: weights 1 to 11, and on a remainder of 10 the weights shifted by two.
    fn kazakhstan_check(eleven_digits: &str) -> Option<u32> {
        let values = digit_values(eleven_digits);
        let first: u32 = values
            .iter()
            .zip(1..)
            .map(|(value, weight)| value * weight)
            .sum();
        if first % 11 != 10 {
            return Some(first % 11);
        }
        let shifted: u32 = values
            .iter()
            .enumerate()
            .map(|(index, value)| value * ((index as u32 + 2) % 11 + 1))
            .sum();
        (shifted % 11 != 10).then_some(shifted % 11)
    }

    /// New Zealand: pad the base to eight digits and try the primary, then secondary weights.
    fn inland_revenue_check(base: &str) -> Option<u32> {
        let padded = digit_values(&format!("{base:0>8}"));
        for weights in [[3, 2, 7, 6, 5, 4, 3, 2], [7, 4, 3, 2, 5, 2, 7, 6]] {
            let remainder = dot(&padded, &weights) % 11;
            let check = if remainder == 0 { 0 } else { 11 - remainder };
            if check != 10 {
                return Some(check);
            }
        }
        None
    }

    fn with_check(body: &str, check: u32) -> String {
        format!("{body}{check}")
    }

    fn replace_last(number: &str, last: char) -> String {
        let mut changed: String = number.chars().take(number.len() - 1).collect();
        changed.push(last);
        changed
    }

    /// Returns a digit other than `check`, for a number with a wrong check digit.
    fn other_digit(check: u32) -> char {
        char::from_digit((check + 1) % 10, 10).unwrap()
    }

    /// Returns the positions where some other digit keeps `holds` true: the reference
    /// algorithm itself cannot see a change there, so the validator cannot either.
    fn blind_positions(number: &str, holds: impl Fn(&str) -> bool) -> Vec<usize> {
        let bytes = number.as_bytes();
        (0..bytes.len())
            .filter(|&position| bytes[position].is_ascii_digit())
            .filter(|&position| {
                (b'0'..=b'9')
                    .filter(|&other| other != bytes[position])
                    .any(|other| {
                        let mut changed = bytes.to_vec();
                        changed[position] = other;
                        holds(core::str::from_utf8(&changed).unwrap())
                    })
            })
            .collect()
    }

    fn thai_holds(number: &str) -> bool {
        thai_check_digit(&number[..12]) == digit_values(&number[12..])[0]
    }

    fn my_number_holds(number: &str) -> bool {
        my_number_check_digit(&number[..11]) == digit_values(&number[11..])[0]
    }

    fn kazakhstan_holds(number: &str) -> bool {
        kazakhstan_check(&number[..11]) == Some(digit_values(&number[11..])[0])
    }

    fn inland_revenue_holds(number: &str) -> bool {
        let (base, check) = number.split_at(number.len() - 1);
        inland_revenue_check(base) == Some(digit_values(check)[0])
    }

    #[test]
    fn bangladesh_cases() {
        assert_cases(&[
            Case::passes("bd_brc", "20105412345678901"),
            Case::passes("bd_brc", "1998 2612 3456 7890 1"),
            Case::passes("bd_brc", "2612345678901234"),
            Case::fails("bd_brc", "201054123456789", "invalid_length"),
            Case::fails("bd_brc", "201054123456789012", "invalid_length"),
            Case::fails("bd_brc", "2010541234567890A", "invalid_characters"),
            Case::passes("bd_etin", "123456789012"),
            Case::passes("bd_etin", "5046 8230 1975"),
            Case::fails("bd_etin", "12345678901", "invalid_length"),
            Case::fails("bd_etin", "1234567890123", "invalid_length"),
            Case::fails("bd_etin", "12345678901X", "invalid_characters"),
            Case::passes("bd_nid", "4623918750"),
            Case::passes("bd_nid", "2612345123456"),
            Case::passes("bd_nid", "19852612345123456"),
            Case::fails("bd_nid", "462391875", "invalid_length"),
            Case::fails("bd_nid", "46239187501", "invalid_length"),
            Case::fails("bd_nid", "261234512345", "invalid_length"),
            Case::fails("bd_nid", "1985261234512345", "invalid_length"),
            Case::fails("bd_nid", "462391875O", "invalid_characters"),
        ]);
    }

    #[test]
    fn brunei_cases() {
        assert_cases(&[
            Case::passes("bn_nric", "01-234567"),
            Case::passes("bn_nric", "30654321"),
            Case::fails("bn_nric", "01-23456", "invalid_length"),
            Case::fails("bn_nric", "01-2345678", "invalid_length"),
            Case::fails("bn_nric", "O1-234567", "invalid_characters"),
        ]);
    }

    #[test]
    fn bangladesh_brunei_and_pakistan_print_their_layouts() {
        for (id_type, number) in [
            ("bd_brc", "20105412345678901"),
            ("bd_brc", "2612345678901234"),
            ("bd_etin", "504682301975"),
            ("bd_nid", "4623918750"),
            ("bd_nid", "2612345123456"),
            ("bd_nid", "19852612345123456"),
            ("bn_nric", "01234567"),
            ("pk_cnic", "3520212345671"),
            ("pk_snic", "4210198765432"),
        ] {
            assert_valid(id_type, number);
        }
    }

    #[test]
    fn chinese_passport_series_pass() {
        for number in [
            "E12345678",
            "EA1234567",
            "EH9876543",
            "EZ0000001",
            "G12345678",
            "141234567",
            "159876543",
            "PE1234567",
            "P.1234567",
            "SE1234567",
            "S.1234567",
            "S12345678",
            "DE1234567",
            "D1234567",
            "D12345678",
            "K12345678",
            "MA1234567",
        ] {
            assert_valid("cn_pp", number);
        }
    }

    #[test]
    fn chinese_passport_cases() {
        assert_cases(&[
            Case::passes("cn_pp", "e12345678"),
            Case::fails("cn_pp", "E1234567", "invalid_component"),
            Case::fails("cn_pp", "G1234567", "invalid_component"),
            Case::fails("cn_pp", "K1234567", "invalid_component"),
            Case::fails("cn_pp", "EI1234567", "invalid_component"),
            Case::fails("cn_pp", "EO1234567", "invalid_component"),
            Case::fails("cn_pp", "X12345678", "invalid_component"),
            Case::fails("cn_pp", "PA1234567", "invalid_component"),
            Case::fails("cn_pp", "MB1234567", "invalid_component"),
            Case::fails("cn_pp", "161234567", "invalid_component"),
            Case::fails("cn_pp", "E1234567A", "invalid_format"),
            Case::fails("cn_pp", "1E2345678", "invalid_format"),
            Case::fails("cn_pp", "EAB123456", "invalid_format"),
            Case::fails("cn_pp", "12345678", "invalid_format"),
            Case::fails("cn_pp", "PE123456", "invalid_format"),
            Case::fails("cn_pp", "E123456", "invalid_length"),
            Case::fails("cn_pp", "E123456789", "invalid_length"),
        ]);
    }

    #[test]
    fn hong_kong_cases() {
        let one_letter = hong_kong_number("C", "668668");
        let two_letters = hong_kong_number("XA", "012345");
        let check_a = (0..1_000_000)
            .map(|serial| hong_kong_number("K", &format!("{serial:06}")))
            .find(|number| number.ends_with('A'))
            .unwrap();
        assert_valid("hk_id", &one_letter);
        assert_valid("hk_id", &two_letters);
        assert_valid("hk_id", &check_a);

        let last = one_letter.chars().last().unwrap();
        let wrong = if last == '0' { '1' } else { '0' };
        assert_cases(&[
            Case::passes("hk_id", &format!("{}({})", &one_letter[..7], last)),
            Case::passes("hk_id", &check_a.to_ascii_lowercase()),
            Case::fails(
                "hk_id",
                &replace_last(&one_letter, wrong),
                "invalid_checksum",
            ),
            Case::fails("hk_id", &replace_last(&check_a, '0'), "invalid_checksum"),
            Case::fails("hk_id", &replace_last(&two_letters, 'B'), "invalid_format"),
            Case::fails("hk_id", "1A3456789", "invalid_format"),
            Case::fails("hk_id", "AB12345A7", "invalid_format"),
            Case::fails("hk_id", "ABC123456", "invalid_format"),
            Case::fails("hk_id", "12345678", "invalid_format"),
            Case::fails("hk_id", "A123456", "invalid_length"),
            Case::fails("hk_id", "ABC1234567", "invalid_length"),
        ]);
    }

    #[test]
    fn indonesian_nik_cases() {
        assert_cases(&[
            Case::passes("id_nik", "3171011708450001"),
            Case::passes("id_nik", "3171015708450001"),
            Case::passes("id_nik", "1101012902000001"),
            Case::passes("id_nik", "9601017112990001"),
            Case::passes("id_nik", "2101013112010001"),
            Case::fails("id_nik", "1101012902010001", "invalid_component"),
            Case::fails("id_nik", "3171013208450001", "invalid_component"),
            Case::fails("id_nik", "3171014008450001", "invalid_component"),
            Case::fails("id_nik", "3171017208450001", "invalid_component"),
            Case::fails("id_nik", "3171010013450001", "invalid_component"),
            Case::fails("id_nik", "3171011700450001", "invalid_component"),
            Case::fails("id_nik", "0071011708450001", "invalid_component"),
            Case::fails("id_nik", "2071011708450001", "invalid_component"),
            Case::fails("id_nik", "4171011708450001", "invalid_component"),
            Case::fails("id_nik", "9771011708450001", "invalid_component"),
            Case::fails("id_nik", "317101170845001", "invalid_length"),
            Case::fails("id_nik", "31710117084500011", "invalid_length"),
            Case::fails("id_nik", "317101170845000I", "invalid_characters"),
        ]);
    }

    #[test]
    fn indonesian_provinces_follow_list() {
        let listed = [
            11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63,
            64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
        ];
        for province in 0..100u32 {
            let number = format!("{province:02}71011708450001");
            let case = if listed.contains(&province) {
                Case::passes("id_nik", &number)
            } else {
                Case::fails("id_nik", &number, "invalid_component")
            };
            assert_cases(&[case]);
        }
    }

    #[test]
    fn japanese_individual_number_cases() {
        let number = with_check("12345678901", my_number_check_digit("12345678901"));
        assert_valid("jp_inc", &number);
        let check = my_number_check_digit("12345678901");
        assert_cases(&[
            Case::passes(
                "jp_inc",
                &format!("{} {} {}", &number[..4], &number[4..8], &number[8..]),
            ),
            Case::fails(
                "jp_inc",
                &replace_last(&number, other_digit(check)),
                "invalid_checksum",
            ),
            Case::fails("jp_inc", &number[..11], "invalid_length"),
            Case::fails("jp_inc", &format!("{number}0"), "invalid_length"),
            Case::fails("jp_inc", &replace_last(&number, 'X'), "invalid_characters"),
        ]);
    }

    #[test]
    fn japanese_check_digit_zero_passes() {
        let bodies: Vec<String> = (0..2000u32).map(|serial| format!("{serial:011}")).collect();
        let zero_checks = bodies
            .iter()
            .filter(|body| my_number_check_digit(body) == 0)
            .count();
        assert!(zero_checks > 0);
        for body in bodies {
            assert_valid("jp_inc", &with_check(&body, my_number_check_digit(&body)));
        }
    }

    #[test]
    fn kazakhstan_iin_cases() {
        let valid = |date_and_century: &str, serial: &str| {
            let body = format!("{date_and_century}{serial}");
            kazakhstan_check(&body).map(|check| with_check(&body, check))
        };
        let numbers: Vec<String> = [
            ("8501153", "0012"),
            ("0002296", "4521"),
            ("9912314", "0007"),
            ("6002291", "0100"),
            ("0102285", "9999"),
        ]
        .iter()
        .filter_map(|(date, serial)| valid(date, serial))
        .collect();
        assert_eq!(numbers.len(), 5);
        for number in &numbers {
            assert_valid("kz_iin", number);
        }

        let number = &numbers[0];
        let check = digit_values(&number[11..])[0];
        assert_cases(&[
            Case::fails(
                "kz_iin",
                &replace_last(number, other_digit(check)),
                "invalid_checksum",
            ),
            Case::fails("kz_iin", "850115000124", "invalid_component"),
            Case::fails("kz_iin", "850115700124", "invalid_component"),
            Case::fails("kz_iin", "850115900124", "invalid_component"),
            Case::fails("kz_iin", "851315300124", "invalid_component"),
            Case::fails("kz_iin", "850132300124", "invalid_component"),
            Case::fails("kz_iin", "850100300124", "invalid_component"),
            Case::fails("kz_iin", "000229100124", "invalid_component"),
            Case::fails("kz_iin", "010229500124", "invalid_component"),
            Case::fails("kz_iin", "85011530012", "invalid_length"),
            Case::fails("kz_iin", "8501153001245", "invalid_length"),
            Case::fails("kz_iin", "85011530012A", "invalid_characters"),
        ]);
    }

    #[test]
    fn kazakhstan_iin_uses_second_weights() {
        let body = (0..10_000u32)
            .map(|serial| format!("9001013{serial:04}"))
            .find(|body| {
                let first: u32 = digit_values(body).iter().zip(1..).map(|(v, w)| v * w).sum();
                first % 11 == 10 && kazakhstan_check(body).is_some()
            })
            .unwrap();
        assert_valid(
            "kz_iin",
            &with_check(&body, kazakhstan_check(&body).unwrap()),
        );
    }

    #[test]
    fn kazakhstan_iin_never_issued_fails() {
        let body = (0..10_000u32)
            .map(|serial| format!("9001013{serial:04}"))
            .find(|body| kazakhstan_check(body).is_none())
            .unwrap();
        for check in 0..10 {
            assert_cases(&[Case::fails(
                "kz_iin",
                &with_check(&body, check),
                "invalid_checksum",
            )]);
        }
    }

    #[test]
    fn malaysian_nric_cases() {
        assert_cases(&[
            Case::passes("my_nric", "850115-14-5123"),
            Case::passes("my_nric", "000229-10-1234"),
            Case::passes("my_nric", "991231-71-0002"),
            Case::passes("my_nric", "020304-99-0001"),
            Case::fails("my_nric", "010229-10-1234", "invalid_component"),
            Case::fails("my_nric", "851315-14-5123", "invalid_component"),
            Case::fails("my_nric", "850100-14-5123", "invalid_component"),
            Case::fails("my_nric", "850431-14-5123", "invalid_component"),
            Case::fails("my_nric", "850115-14-512", "invalid_length"),
            Case::fails("my_nric", "850115-14-51234", "invalid_length"),
            Case::fails("my_nric", "850115-I4-5123", "invalid_characters"),
        ]);
    }

    #[test]
    fn malaysian_place_codes_follow_registry() {
        let unassigned = [0, 17, 18, 19, 20, 69, 70, 73, 80, 81, 94, 95, 96, 97];
        for code in 0..100u32 {
            let number = format!("850115{code:02}5123");
            let case = if unassigned.contains(&code) {
                Case::fails("my_nric", &number, "invalid_component")
            } else {
                Case::passes("my_nric", &number)
            };
            assert_cases(&[case]);
        }
    }

    #[test]
    fn new_zealand_ird_cases() {
        let eight = with_check("4909185", inland_revenue_check("4909185").unwrap());
        let nine = with_check("13641013", inland_revenue_check("13641013").unwrap());
        assert_valid("nz_ird", &eight);
        assert_valid("nz_ird", &nine);
        let check = digit_values(&nine[8..])[0];
        assert_cases(&[
            Case::passes("nz_ird", &format!("0{eight}")),
            Case::fails(
                "nz_ird",
                &replace_last(&nine, other_digit(check)),
                "invalid_checksum",
            ),
            Case::fails("nz_ird", "111111111", "test_number_in_live_mode"),
            Case::fails("nz_ird", "09999999", "invalid_component"),
            Case::fails("nz_ird", "000000019", "invalid_component"),
            Case::fails("nz_ird", "1234567", "invalid_length"),
            Case::fails("nz_ird", "1234567890", "invalid_length"),
            Case::fails("nz_ird", "12345678O", "invalid_characters"),
        ]);
    }

    #[test]
    fn new_zealand_ird_above_old_bound_passes() {
        let base = "15123456";
        let number = with_check(base, inland_revenue_check(base).unwrap());
        assert_valid("nz_ird", &number);
    }

    #[test]
    fn new_zealand_ird_secondary_weights() {
        let primary_is_ten = |base: &String| {
            let padded = digit_values(&format!("{base:0>8}"));
            dot(&padded, &[3, 2, 7, 6, 5, 4, 3, 2]) % 11 == 1
        };
        let bases: Vec<String> = (10_000_000..10_010_000u32)
            .map(|base| base.to_string())
            .collect();
        let secondary = bases
            .iter()
            .find(|base| primary_is_ten(base) && inland_revenue_check(base).is_some())
            .unwrap();
        assert_valid(
            "nz_ird",
            &with_check(secondary, inland_revenue_check(secondary).unwrap()),
        );

        let never_valid = bases
            .iter()
            .find(|base| inland_revenue_check(base).is_none())
            .unwrap();
        for check in 0..10 {
            let number = with_check(never_valid, check);
            assert_cases(&[Case::fails("nz_ird", &number, "invalid_checksum")]);
        }
    }

    #[test]
    fn pakistani_identity_card_cases() {
        for id_type in ["pk_cnic", "pk_snic"] {
            assert_cases(&[
                Case::passes(id_type, "35202-1234567-1"),
                Case::passes(id_type, "4210198765432"),
                Case::passes(id_type, "81302-1234567-8"),
                Case::fails(id_type, "35202-1234567", "invalid_length"),
                Case::fails(id_type, "35202-1234567-12", "invalid_length"),
                Case::fails(id_type, "35202-123456X-1", "invalid_characters"),
            ]);
        }
    }

    #[test]
    fn singapore_published_m_series_example() {
        // The example of FormSG's own tests for the M series.
        assert_cases(&[
            Case::passes("sg_fin", "M1234567K"),
            Case::fails("sg_fin", "M1234567L", "invalid_checksum"),
            Case::fails("sg_fin", "M1234567I", "invalid_checksum"),
        ]);
    }

    #[test]
    fn singapore_nric_cases() {
        let s = singapore_number('S', "1234567");
        let t = singapore_number('T', "0112345");
        assert_valid("sg_nric", &s);
        assert_valid("sg_nric", &t);
        let wrong = if s.ends_with('A') { 'B' } else { 'A' };
        assert_cases(&[
            Case::passes("sg_nric", &s.to_ascii_lowercase()),
            Case::fails("sg_nric", &replace_last(&s, wrong), "invalid_checksum"),
            Case::fails(
                "sg_nric",
                &singapore_number('F', "1234567"),
                "invalid_component",
            ),
            Case::fails(
                "sg_nric",
                &singapore_number('G', "1234567"),
                "invalid_component",
            ),
            Case::fails(
                "sg_nric",
                &singapore_number('M', "1234567"),
                "invalid_component",
            ),
            Case::fails("sg_nric", "A1234567D", "invalid_component"),
            Case::fails("sg_nric", "S12345678", "invalid_format"),
            Case::fails("sg_nric", "1234567SD", "invalid_format"),
            Case::fails("sg_nric", "SA234567D", "invalid_format"),
            Case::fails("sg_nric", "S123456D", "invalid_length"),
            Case::fails("sg_nric", "S12345678D", "invalid_length"),
        ]);
    }

    #[test]
    fn singapore_fin_cases() {
        for prefix in ['F', 'G', 'M'] {
            assert_valid("sg_fin", &singapore_number(prefix, "7654321"));
        }
        let g = singapore_number('G', "7654321");
        let wrong = if g.ends_with('K') { 'X' } else { 'K' };
        assert_cases(&[
            Case::fails("sg_fin", &replace_last(&g, wrong), "invalid_checksum"),
            Case::fails(
                "sg_fin",
                &singapore_number('S', "7654321"),
                "invalid_component",
            ),
            Case::fails(
                "sg_fin",
                &singapore_number('T', "7654321"),
                "invalid_component",
            ),
            Case::fails("sg_fin", "X7654321K", "invalid_component"),
            Case::fails("sg_fin", "G76543210", "invalid_format"),
            Case::fails("sg_fin", "G765432", "invalid_length"),
        ]);
    }

    #[test]
    fn singapore_check_letters_cover_every_remainder() {
        // Each prefix maps the 11 remainders to 11 distinct letters, so every remainder must
        // show up among these generated numbers and each must pass.
        for prefix in ['S', 'T', 'F', 'G', 'M'] {
            let mut letters = Vec::new();
            for serial in 0..200u32 {
                let number = singapore_number(prefix, &format!("{serial:07}"));
                letters.push(number.chars().last().unwrap());
                let id_type = if matches!(prefix, 'S' | 'T') {
                    "sg_nric"
                } else {
                    "sg_fin"
                };
                assert_cases(&[Case::passes(id_type, &number)]);
            }
            letters.sort_unstable();
            letters.dedup();
            assert_eq!(letters.len(), 11, "{prefix}");
        }
    }

    #[test]
    fn thai_laser_code_cases() {
        assert_valid("th_lc", "AB0123456789");
        assert_cases(&[
            Case::passes("th_lc", "ab0-1234567-89"),
            Case::fails("th_lc", "A10123456789", "invalid_format"),
            Case::fails("th_lc", "AB012345678C", "invalid_format"),
            Case::fails("th_lc", "012345678901", "invalid_format"),
            Case::fails("th_lc", "AB012345678", "invalid_length"),
            Case::fails("th_lc", "AB01234567890", "invalid_length"),
        ]);
    }

    #[test]
    fn thai_pin_cases() {
        let number = with_check("110070012345", thai_check_digit("110070012345"));
        assert_valid("th_pin", &number);
        let check = thai_check_digit("110070012345");
        assert_cases(&[
            Case::fails(
                "th_pin",
                &replace_last(&number, other_digit(check)),
                "invalid_checksum",
            ),
            Case::fails("th_pin", &number[..12], "invalid_length"),
            Case::fails("th_pin", &format!("{number}1"), "invalid_length"),
            Case::fails("th_pin", &replace_last(&number, 'X'), "invalid_characters"),
        ]);
    }

    #[test]
    fn thai_pin_third_digit_is_not_covered() {
        let number = with_check("110070012345", thai_check_digit("110070012345"));
        for third in '0'..='9' {
            let changed: String = number
                .chars()
                .enumerate()
                .map(|(index, character)| if index == 2 { third } else { character })
                .collect();
            assert_cases(&[Case::passes("th_pin", &changed)]);
        }
    }

    #[test]
    fn messages_name_document_and_fix() {
        let message = |id_type: &str, input: &str| {
            let id_type = super::super::IdType::find(id_type).unwrap();
            let number = crate::IdNumber::normalize(input).unwrap();
            (id_type.check)(number.expose(), id_type)
                .unwrap_err()
                .message()
                .to_owned()
        };
        assert_eq!(
            message("hk_id", "1A3456789"),
            "A Hong Kong identity card number is written as one or two letters, six digits \
             and a check digit from 0 to 9 or A."
        );
        assert_eq!(
            message("id_nik", "3171013208450001"),
            "An Indonesian NIK (population identification number) has the date of birth as \
             DDMMYY in characters 7 to 12. Check them."
        );
        assert_eq!(
            message("kz_iin", "85011530012"),
            "A Kazakhstani individual identification number (IIN) has 12 digits; this one has 11."
        );
        assert!(message("sg_nric", "F1234567N").contains("is a FIN"));
        assert!(message("sg_fin", "S1234567D").contains("is an NRIC number"));
    }

    fn chinese_passport_numbers() -> impl Strategy<Value = String> {
        let letter_except_i_o = select(
            ('A'..='Z')
                .filter(|letter| !matches!(letter, 'I' | 'O'))
                .collect::<Vec<_>>(),
        );
        prop_oneof![
            ("[DEGKPS]", "[0-9]{8}").prop_map(|(prefix, digits)| format!("{prefix}{digits}")),
            ("[DPS]", "[0-9]{7}").prop_map(|(prefix, digits)| format!("{prefix}{digits}")),
            (letter_except_i_o, "[0-9]{7}")
                .prop_map(|(letter, digits)| format!("E{letter}{digits}")),
            ("DE|PE|SE|MA", "[0-9]{7}").prop_map(|(prefix, digits)| format!("{prefix}{digits}")),
            ("1[45]", "[0-9]{7}").prop_map(|(prefix, digits)| format!("{prefix}{digits}")),
        ]
    }

    fn issued_malaysian_place_codes() -> Vec<u32> {
        (0..100)
            .filter(|code| !matches!(code, 0 | 17..=20 | 69 | 70 | 73 | 80 | 81 | 94..=97))
            .collect()
    }

    fn indonesian_provinces() -> Vec<u32> {
        let codes = core::str::from_utf8(super::INDONESIAN_PROVINCES).unwrap();
        let pairs = (0..codes.len())
            .step_by(2)
            .map(|start| &codes[start..start + 2]);
        pairs.map(|pair| pair.parse().unwrap()).collect()
    }

    proptest::proptest! {
        #[test]
        fn generated_digit_only_numbers_pass(
            brc in "[0-9]{16,17}",
            etin in "[0-9]{12}",
            nid in "[0-9]{10}|[0-9]{13}|[0-9]{17}",
            brunei in "[0-9]{8}",
            pakistan in "[0-9]{13}",
        ) {
            assert_valid("bd_brc", &brc);
            assert_valid("bd_etin", &etin);
            assert_valid("bd_nid", &nid);
            assert_valid("bn_nric", &brunei);
            assert_valid("pk_cnic", &pakistan);
            assert_valid("pk_snic", &pakistan);
        }

        #[test]
        fn generated_chinese_passports_pass(number in chinese_passport_numbers()) {
            assert_valid("cn_pp", &number);
        }

        #[test]
        fn generated_hong_kong_ids_pass(letters in "[A-Z]{1,2}", digits in "[0-9]{6}") {
            let number = hong_kong_number(&letters, &digits);
            assert_valid("hk_id", &number);
            // The check value is unique modulo 11 and no digit weight is a multiple of 11.
            assert_check_digit_detects_changes("hk_id", &number, &[]);
        }

        #[test]
        fn generated_niks_pass(
            province in select(indonesian_provinces()),
            regency in "[0-9]{2}",
            district in "[0-9]{2}",
            day in 1u32..=28,
            female in any::<bool>(),
            month in 1u32..=12,
            year in 0u32..100,
            serial in "[0-9]{4}",
        ) {
            let day = if female { day + 40 } else { day };
            let number =
                format!("{province:02}{regency}{district}{day:02}{month:02}{year:02}{serial}");
            assert_valid("id_nik", &number);
        }

        #[test]
        fn generated_japanese_numbers_pass(body in "[0-9]{11}") {
            let number = with_check(&body, my_number_check_digit(&body));
            assert_valid("jp_inc", &number);
            // Check digit 0 stands for remainders 0 and 1, so a change that moves the remainder
            // between them is invisible. Every other number catches every change.
            let blind = blind_positions(&number, my_number_holds);
            if !number.ends_with('0') {
                prop_assert!(blind.is_empty());
            }
            prop_assert!(!blind.contains(&11));
            assert_check_digit_detects_changes("jp_inc", &number, &blind);
        }

        #[test]
        fn generated_iins_pass(
            year in 0u32..100,
            month in 1u32..=12,
            day in 1u32..=28,
            century in 1u32..=6,
            serial in "[0-9]{4}",
        ) {
            let body = format!("{year:02}{month:02}{day:02}{century}{serial}");
            let check = kazakhstan_check(&body);
            prop_assume!(check.is_some());
            let number = with_check(&body, check.unwrap());
            assert_valid("kz_iin", &number);
            // Weight 11 of the eleventh digit is 0 modulo 11, and a change that makes the first
            // remainder 10 switches to the second weights, which may match by chance.
            let blind = blind_positions(&number, kazakhstan_holds);
            prop_assert!(!blind.contains(&11));
            assert_check_digit_detects_changes("kz_iin", &number, &blind);
        }

        #[test]
        fn generated_malaysian_nrics_pass(
            year in 0u32..100,
            month in 1u32..=12,
            day in 1u32..=28,
            place in select(issued_malaysian_place_codes()),
            serial in "[0-9]{4}",
        ) {
            let number = format!("{year:02}{month:02}{day:02}{place:02}{serial}");
            assert_valid("my_nric", &number);
        }

        #[test]
        fn generated_ird_numbers_pass(base in 1_000_000u32..100_000_000) {
            let base = base.to_string();
            let check = inland_revenue_check(&base);
            prop_assume!(check.is_some());
            let number = with_check(&base, check.unwrap());
            prop_assume!(!["111111111", "222222222"].contains(&number.as_str()));
            assert_valid("nz_ird", &number);
            // A change that makes the primary result 10 switches to the secondary weights,
            // which may match by chance; every other change alters the primary result.
            let blind = blind_positions(&number, inland_revenue_holds);
            prop_assert!(!blind.contains(&(number.len() - 1)));
            assert_check_digit_detects_changes("nz_ird", &number, &blind);
        }

        #[test]
        fn generated_singapore_numbers_pass(
            prefix in select(&['S', 'T', 'F', 'G', 'M'][..]),
            digits in "[0-9]{7}",
        ) {
            let number = singapore_number(prefix, &digits);
            let id_type = if matches!(prefix, 'S' | 'T') { "sg_nric" } else { "sg_fin" };
            assert_valid(id_type, &number);
            // Eleven distinct check letters and no weight that is a multiple of 11.
            assert_check_digit_detects_changes(id_type, &number, &[]);
        }

        #[test]
        fn generated_laser_codes_pass(code in "[A-Z]{2}[0-9]{10}") {
            assert_valid("th_lc", &code);
        }

        #[test]
        fn generated_thai_pins_pass(body in "[0-9]{12}") {
            let number = with_check(&body, thai_check_digit(&body));
            assert_valid("th_pin", &number);
            // The third digit has weight 11, which is 0 modulo 11. Check digit 1 stands for
            // remainders 0 and 10, so those numbers also miss changes between the two.
            let blind = blind_positions(&number, thai_holds);
            if !number.ends_with('1') {
                prop_assert!(blind == [2]);
            }
            prop_assert!(!blind.contains(&12));
            assert_check_digit_detects_changes("th_pin", &number, &blind);
        }

        #[test]
        fn digit_strings_never_panic(input in "[0-9]{7,18}") {
            for id_type in super::TYPES {
                let _ = outcome(id_type.name(), &input);
            }
        }

        #[test]
        fn alphanumeric_strings_never_panic(
            input in "[0-9A-Z]{7,13}|[A-Z]{1,2}[0-9]{6,8}[0-9A-Z]",
        ) {
            for id_type in super::TYPES {
                let _ = outcome(id_type.name(), &input);
            }
        }

        #[test]
        fn long_inputs_never_panic(input in "[0-9A-Z]{0,80}", repeat in 1usize..60) {
            let long = input.repeat(repeat);
            for id_type in super::TYPES {
                let _ = outcome(id_type.name(), &long);
            }
        }
    }

    #[test]
    fn all_region_types_are_listed() {
        let names: Vec<&str> = super::TYPES.iter().map(|id_type| id_type.name()).collect();
        assert_eq!(
            names,
            [
                "bd_brc", "bd_etin", "bd_nid", "bn_nric", "cn_pp", "hk_id", "id_nik", "jp_inc",
                "kz_iin", "my_nric", "nz_ird", "pk_cnic", "pk_snic", "sg_fin", "sg_nric", "th_lc",
                "th_pin",
            ]
        );
    }
}
