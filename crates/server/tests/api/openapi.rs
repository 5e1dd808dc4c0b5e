//! The committed OpenAPI document matches the handlers, and every routed handler is in it.

use regex::Regex;

fn committed_path() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../openapi/openapi.json")
}

#[test]
fn committed_spec_is_current() {
    let spec = switchboard_server::openapi::spec_json();
    let path = committed_path();
    if std::env::var("UPDATE_OPENAPI").is_ok_and(|v| v == "1") {
        std::fs::write(&path, &spec).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == spec,
        "openapi/openapi.json is stale: run `just openapi` and commit it"
    );
}

#[test]
fn every_routed_handler_is_documented() {
    let spec: serde_json::Value =
        serde_json::from_str(&switchboard_server::openapi::spec_json()).unwrap();
    let paths = spec["paths"].as_object().unwrap();
    let route = Regex::new(r#"#\[(get|post|put|patch|delete)\("([^"]+)"\)\]"#).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/routes");
    let mut checked = 0;
    // `#[route("path", method = "GET", method = "POST", ...)]` (the proxy).
    let multi =
        Regex::new(r#"#\[route\(\s*"([^"]+)",((?:\s*method = "[A-Z]+",?)+)\s*\)\]"#).unwrap();
    let method = Regex::new(r#"method = "([A-Z]+)""#).unwrap();
    let tail = Regex::new(r"\{(\w+):[^}]*\}").unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let source = std::fs::read_to_string(&path).unwrap();
        let prefix = if name == "ops" { "" } else { "/api/v1" };
        let mut found: Vec<(String, String)> = route
            .captures_iter(&source)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
        for cap in multi.captures_iter(&source) {
            let p = tail.replace_all(&cap[1], "{$1}").to_string();
            for m in method.captures_iter(&cap[2]) {
                found.push((m[1].to_lowercase(), p.clone()));
            }
        }
        for (method, p) in &found {
            let (method, p) = (method.as_str(), p.as_str());
            let full = format!("{prefix}{p}");
            let item = paths.get(&full).unwrap_or_else(|| {
                panic!("{method} {full} ({name}.rs) is routed but not in the OpenAPI document")
            });
            assert!(
                item.get(method).is_some(),
                "{method} {full} is routed but not documented"
            );
            checked += 1;
        }
    }
    assert!(checked >= 25, "only {checked} routes found");
    let documented: usize = paths.values().map(|v| v.as_object().unwrap().len()).sum();
    assert_eq!(documented, checked, "the document and the routes disagree");
}
