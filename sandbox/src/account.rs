//! Connected accounts that `POST /v1/accounts/{id}` updates.
//!
//! The sandbox has one account, [`DEMO_ACCOUNT_ID`], which the merchant origin updates. An
//! account records whether an ID number was provided, never the number or the token.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use serde::Serialize;

use crate::ids::new_person_id;

/// Id of the account that exists from start.
pub const DEMO_ACCOUNT_ID: &str = "acct_sandbox_demo";

/// Country of the demo account until a request sets the representative's address.
const DEFAULT_COUNTRY: &str = "US";

/// The account object that the API returns, a subset of Stripe's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    id: String,
    object: &'static str,
    business_type: Option<String>,
    country: String,
    livemode: bool,
    individual: Person,
}

/// The account's representative, a subset of Stripe's person object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Person {
    id: String,
    object: &'static str,
    account: String,
    first_name: Option<String>,
    last_name: Option<String>,
    address: Address,
    id_number_provided: bool,
}

/// The representative's address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Address {
    country: Option<String>,
}

/// The changes that one update request makes. `None` fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountUpdate {
    /// New `business_type`.
    pub business_type: Option<String>,
    /// New `individual[first_name]`.
    pub first_name: Option<String>,
    /// New `individual[last_name]`.
    pub last_name: Option<String>,
    /// New `individual[address][country]`.
    pub country: Option<String>,
    /// Whether the request provided an ID number, as a token or as a raw number.
    pub id_number_provided: bool,
}

impl Account {
    fn new(id: &str) -> Self {
        Account {
            id: id.to_owned(),
            object: "account",
            business_type: None,
            country: DEFAULT_COUNTRY.to_owned(),
            livemode: false,
            individual: Person {
                id: new_person_id(),
                object: "person",
                account: id.to_owned(),
                first_name: None,
                last_name: None,
                address: Address::default(),
                id_number_provided: false,
            },
        }
    }

    /// Returns the account id, `acct_...`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Returns `true` if an ID number has been provided for the representative.
    pub fn id_number_provided(&self) -> bool {
        self.individual.id_number_provided
    }

    fn apply(&mut self, update: AccountUpdate) {
        if update.business_type.is_some() {
            self.business_type = update.business_type;
        }
        let person = &mut self.individual;
        if update.first_name.is_some() {
            person.first_name = update.first_name;
        }
        if update.last_name.is_some() {
            person.last_name = update.last_name;
        }
        if let Some(country) = update.country {
            self.country.clone_from(&country);
            person.address.country = Some(country);
        }
        person.id_number_provided |= update.id_number_provided;
    }
}

/// Thread-safe map from account id to [`Account`].
#[derive(Debug)]
pub struct AccountStore {
    accounts: Mutex<HashMap<String, Account>>,
}

impl Default for AccountStore {
    fn default() -> Self {
        let account = Account::new(DEMO_ACCOUNT_ID);
        AccountStore {
            accounts: Mutex::new(HashMap::from([(DEMO_ACCOUNT_ID.to_owned(), account)])),
        }
    }
}

impl AccountStore {
    /// Locks the map. Every change is one `apply` on one account, so a lock poisoned by a panic
    /// elsewhere is safe to use.
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Account>> {
        self.accounts.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Returns `true` if an account has this id.
    pub fn contains(&self, id: &str) -> bool {
        self.lock().contains_key(id)
    }

    /// Returns a copy of the account with this id.
    pub fn get(&self, id: &str) -> Option<Account> {
        self.lock().get(id).cloned()
    }

    /// Applies `update` to the account and returns the result, `None` for an unknown id.
    pub fn update(&self, id: &str, update: AccountUpdate) -> Option<Account> {
        let mut accounts = self.lock();
        let account = accounts.get_mut(id)?;
        account.apply(update);
        Some(account.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_account_exists() {
        let store = AccountStore::default();
        assert!(store.contains(DEMO_ACCOUNT_ID));
        assert!(!store.contains("acct_other"));
    }

    #[test]
    fn update_sets_fields_and_keeps_others() {
        let store = AccountStore::default();
        let first = AccountUpdate {
            first_name: Some("Ada".into()),
            country: Some("GB".into()),
            ..AccountUpdate::default()
        };
        store.update(DEMO_ACCOUNT_ID, first).unwrap();
        let second = AccountUpdate {
            id_number_provided: true,
            ..AccountUpdate::default()
        };
        let account = store.update(DEMO_ACCOUNT_ID, second).unwrap();
        let json = serde_json::to_value(&account).unwrap();
        assert_eq!(json["individual"]["first_name"], "Ada");
        assert_eq!(json["country"], "GB");
        assert_eq!(json["individual"]["address"]["country"], "GB");
        assert_eq!(json["individual"]["id_number_provided"], true);
    }

    #[test]
    fn update_unknown_account() {
        let store = AccountStore::default();
        assert!(store
            .update("acct_other", AccountUpdate::default())
            .is_none());
    }
}
