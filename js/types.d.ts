// The API of pii-token, shared by every build. Each build's declaration file re-exports these
// names and adds its own start-up function where it has one.

/** Stripe's name of an ID type, `<country>_<document>`: the types the module validates. */
export type IdType =
  | "ae_eid" | "ao_nif" | "az_tin" | "ke_pin" | "mz_nuit" | "ng_nin" | "sa_tin" | "za_id"
  | "ar_cuil" | "ar_dni" | "br_cpf" | "ca_sin" | "cl_rut" | "co_nuip" | "cr_ci" | "cr_cpf"
  | "cr_dimex" | "cr_nite" | "do_cie" | "do_rcn" | "ec_ci" | "gt_nit" | "mx_rfc" | "mx_curp"
  | "pe_dni" | "uy_dni" | "bd_brc" | "bd_etin" | "bd_nid" | "bn_nric" | "cn_pp" | "hk_id"
  | "id_nik" | "jp_inc" | "kz_iin" | "my_nric" | "nz_ird" | "pk_cnic" | "pk_snic" | "sg_fin"
  | "sg_nric" | "th_lc" | "th_pin" | "bg_ucn" | "cy_tic" | "cz_rc" | "ee_ik" | "gr_afm" | "hr_oib"
  | "hu_ad" | "it_cf" | "lt_ak" | "lv_pk" | "pl_pesel" | "ro_cnp" | "sk_dic" | "tr_tin" | "at_stn"
  | "be_nrn" | "ch_oasi" | "de_stn" | "dk_cpr" | "es_nif" | "fi_hetu" | "fr_nir" | "gb_nino"
  | "ie_ppsn" | "is_kt" | "li_peid" | "lu_nif" | "nl_bsn" | "no_nin" | "pt_nif" | "se_pin"
  | "us_ssn" | "us_ssn_last_4" | "us_itin" | "us_itin_last_4";

/** The ISO 3166-1 alpha-2 code of a country that issues at least one of the ID types. */
export type Country =
  | "AE" | "AO" | "AR" | "AT" | "AZ" | "BD" | "BE" | "BG" | "BN" | "BR" | "CA" | "CH" | "CL"
  | "CN" | "CO" | "CR" | "CY" | "CZ" | "DE" | "DK" | "DO" | "EC" | "EE" | "ES" | "FI" | "FR"
  | "GB" | "GR" | "GT" | "HK" | "HR" | "HU" | "ID" | "IE" | "IS" | "IT" | "JP" | "KE" | "KZ"
  | "LI" | "LT" | "LU" | "LV" | "MX" | "MY" | "MZ" | "NG" | "NL" | "NO" | "NZ" | "PE" | "PK"
  | "PL" | "PT" | "RO" | "SA" | "SE" | "SG" | "SK" | "TH" | "TR" | "US" | "UY" | "ZA";

/** A country code as the module accepts it: upper or lower case. */
export type CountryInput = Country | Lowercase<Country>;

/** A publishable key. Secret (`sk_`) and restricted (`rk_`) keys are refused. */
export type PublishableKey = `pk_test_${string}` | `pk_live_${string}`;

/** The network settings that the configuration and each call share. */
export interface NetworkOptions {
  /** How long one attempt may take, in milliseconds: 1 to 600000, default 30000. */
  timeoutMs?: number;
  /** Retries after a failed attempt: 0 to 10, default 2. */
  maxNetworkRetries?: number;
}

/** The options of a `Tokenizer`, and of `configure` without the key. */
export interface TokenizerOptions extends NetworkOptions {
  /** The API origin, default `https://api.stripe.com`. */
  apiBase?: string;
  /** A connected account, `acct_...`, sent as `_stripe_account`. */
  stripeAccount?: `acct_${string}`;
  /** A Stripe API version such as `2024-06-20`, sent as `_stripe_version`. */
  apiVersion?: string;
}

/** The options of `configure`. */
export interface ConfigureOptions extends TokenizerOptions {
  /** `pk_test_...` or `pk_live_...`. */
  publishableKey: PublishableKey;
}

/** The per-call options of `createPiiToken`. */
export interface CreatePiiTokenOptions extends NetworkOptions {
  /** The number must pass the rules of this type. */
  idType?: IdType;
  /**
   * The number must pass the rules of one of the country's types, last-4 types left out. With
   * `idType` as well, the type must belong to this country.
   */
  country?: CountryInput;
  /** Aborting it rejects the promise with the signal's reason. */
  signal?: AbortSignal;
  /** Sent as the `Idempotency-Key` header; `true` generates a random key. */
  idempotencyKey?: string | boolean;
}

/** Stripe's token object for a PII token, as `createPiiToken` resolves it. */
export interface PiiToken {
  /** The token id: the only thing the merchant's server should receive. */
  readonly id: `pii_${string}`;
  readonly object: "token";
  readonly type: "pii";
  /** Creation time, in seconds since the Unix epoch. */
  readonly created: number;
  /** `true` for a `pk_live_` key, `false` for a `pk_test_` key. */
  readonly livemode: boolean;
  /** Always `false`: the module refuses a token that was already used. */
  readonly used: false;
  /** The IP address Stripe saw the request come from, when it sent one. */
  readonly client_ip: string | null;
}

/** The code of a number that failed a check before any request was made. */
export type ValidationErrorCode =
  | "missing_id_number"
  | "invalid_characters"
  | "invalid_length"
  | "invalid_format"
  | "invalid_component"
  | "invalid_checksum"
  | "test_number_in_live_mode";

/** The code of a mistake in the call or the configuration. Nothing was sent. */
export type IntegrationErrorCode =
  | "crypto_unavailable"
  | "id_type_country_mismatch"
  | "insecure_api_base"
  | "insecure_context"
  | "invalid_api_base"
  | "invalid_api_version"
  | "invalid_argument"
  | "invalid_idempotency_key"
  | "invalid_max_network_retries"
  | "invalid_publishable_key"
  | "invalid_stripe_account"
  | "invalid_timeout"
  | "missing_publishable_key"
  | "not_configured"
  | "not_ready"
  | "secret_key_rejected"
  | "unknown_country"
  | "unknown_id_type";

/** The code of a request that got no response. */
export type ApiConnectionErrorCode = "network_error" | "request_failed" | "timeout";

/** The code of a response that the module rejected. */
export type ResponseErrorCode =
  | "invalid_json"
  | "livemode_mismatch"
  | "response_too_large"
  | "unexpected_content_type"
  | "unexpected_redirect"
  | "unexpected_response";

/** Codes that Stripe's API sends for a tokens request. Stripe may add others. */
export type StripeErrorCode =
  | "parameter_invalid_empty"
  | "parameter_missing"
  | "parameter_unknown"
  | "resource_missing"
  | "secret_key_required"
  | "token_already_used"
  | (string & {});

/** The error types that come from Stripe's response. */
export type StripeErrorType =
  | "invalid_request_error"
  | "authentication_error"
  | "permission_error"
  | "rate_limit_error"
  | "idempotency_error";

/** Every value of `PiiTokenError.type`. */
export type PiiTokenErrorType =
  | "validation_error"
  | "integration_error"
  | "api_error"
  | "api_connection_error"
  | StripeErrorType;

/** The fields every `PiiTokenError` has; `Type` and `Code` narrow together. */
export interface PiiTokenErrorOf<Type extends PiiTokenErrorType, Code> extends Error {
  readonly name: "PiiTokenError";
  readonly type: Type;
  readonly code: Code;
  /** The option or request parameter the error concerns, such as `idNumber` or `country`. */
  readonly param: string | undefined;
  /** The HTTP status of the response, when one arrived. */
  readonly statusCode: number | undefined;
  /** The `Request-Id` header of the response, for Stripe's support. */
  readonly requestId: string | undefined;
  /** Stripe's documentation of the code, when Stripe sent a link. */
  readonly docUrl: string | undefined;
}

/**
 * The error every function throws or rejects with, except a rejection by an aborted `signal`,
 * which carries the signal's reason. Check `type` to narrow `code`.
 */
export type PiiTokenError =
  | PiiTokenErrorOf<"validation_error", ValidationErrorCode>
  | PiiTokenErrorOf<"integration_error", IntegrationErrorCode>
  | PiiTokenErrorOf<"api_connection_error", ApiConnectionErrorCode>
  | PiiTokenErrorOf<"api_error", ResponseErrorCode | StripeErrorCode | undefined>
  | PiiTokenErrorOf<StripeErrorType, StripeErrorCode | undefined>;

/** The result of `validateIdNumber`: valid, or the reason it is not. */
export type ValidationResult =
  | { readonly valid: true; readonly idType: IdType }
  | {
      readonly valid: false;
      readonly idType: IdType;
      readonly code: ValidationErrorCode;
      readonly message: string;
    };

/** One entry of `idTypes()`. */
export interface IdTypeInfo {
  readonly idType: IdType;
  readonly country: Country;
  /** The name people know the document by, such as `US Social Security number`. */
  readonly displayName: string;
  /** The printed layouts, one `#` for each character, such as `###-##-####`. */
  readonly formats: readonly string[];
}

/**
 * Sets the module-wide configuration that `createPiiToken` uses. Throws a `PiiTokenError` of
 * type `integration_error` for an invalid option, and then keeps the previous configuration.
 */
export function configure(options: ConfigureOptions): void;

/**
 * Validates `idNumber` and exchanges it for a PII token with the configuration set by
 * `configure`. Rejects with a `PiiTokenError`, or with the signal's reason when it aborts.
 */
export function createPiiToken(
  idNumber: string,
  options?: CreatePiiTokenOptions | null,
): Promise<PiiToken>;

/**
 * Checks `idNumber` against the rules of `idType`, with no request. Stripe's test numbers are
 * valid only after `configure` with a `pk_test_` key.
 */
export function validateIdNumber(idNumber: string, idType: IdType): ValidationResult;

/** Prints `idNumber` in the usual form of `idType`, such as `123-45-6789`. */
export function formatIdNumber(idNumber: string, idType: IdType): string;

/** Lists the ID types of `country`, or every type without it. */
export function idTypes(country?: CountryInput | null): IdTypeInfo[];

/** A tokenizer with its own key and options, for pages that use several keys or accounts. */
export class Tokenizer {
  /** Throws a `PiiTokenError` of type `integration_error` for a secret key or a bad option. */
  constructor(publishableKey: PublishableKey, options?: TokenizerOptions | null);
  /** `createPiiToken` with this tokenizer's configuration. */
  createPiiToken(
    idNumber: string,
    options?: CreatePiiTokenOptions | null,
  ): Promise<PiiToken>;
  /** `validateIdNumber` with this tokenizer's key deciding about Stripe's test numbers. */
  validateIdNumber(idNumber: string, idType: IdType): ValidationResult;
  /** Releases the tokenizer's memory in the module; the tokenizer cannot be used after it. */
  free(): void;
}
