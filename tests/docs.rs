//! Keeps the reference pages in step with the code: every ID type the module validates has a
//! row in `docs/id-types.md`, and the README states how many there are.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

fn read(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Returns the first cell of each table row that starts with a backquoted ID type name.
fn documented_types(page: &str) -> Vec<String> {
    page.lines()
        .filter_map(|line| line.strip_prefix("| `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(name, _)| name.to_string())
        .filter(|name| name.len() > 3 && name.as_bytes()[2] == b'_')
        .collect()
}

#[test]
fn id_types_page_lists_every_type() {
    let page = read("docs/id-types.md");
    let documented: BTreeSet<String> = documented_types(&page).into_iter().collect();
    let validated: BTreeSet<String> = pii_token::id_types::all()
        .map(|id_type| id_type.name().to_string())
        .collect();

    let missing: Vec<&String> = validated.difference(&documented).collect();
    assert!(missing.is_empty(), "not in docs/id-types.md: {missing:?}");
    let unknown: Vec<&String> = documented.difference(&validated).collect();
    assert!(
        unknown.is_empty(),
        "in docs/id-types.md but not validated: {unknown:?}"
    );
}

#[test]
fn readme_states_type_count() {
    let count = pii_token::id_types::all().count();
    let readme = read("README.md");
    let claim = format!("{count} of them");
    assert!(
        readme.contains(&claim),
        "README.md does not say \"{claim}\""
    );
}
