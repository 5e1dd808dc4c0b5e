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

/// Every `$ref` in a value, as written.
fn refs(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                match (k.as_str(), x) {
                    ("$ref", serde_json::Value::String(r)) => out.push(r.clone()),
                    _ => refs(x, out),
                }
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
        _ => {}
    }
}

#[test]
fn operations_have_unique_ids_one_tag_a_summary_and_a_description() {
    let spec: serde_json::Value =
        serde_json::from_str(&switchboard_server::openapi::spec_json()).unwrap();
    let declared: Vec<&str> = spec["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    let camel = Regex::new(r"^[a-z][a-zA-Z0-9]+$").unwrap();
    let mut ids = std::collections::HashSet::new();
    let mut n = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{} {path}", method.to_uppercase());
            let id = op["operationId"].as_str().unwrap_or_default();
            assert!(
                camel.is_match(id),
                "{what}: operationId {id:?} is not camelCase"
            );
            assert!(ids.insert(id.to_string()), "{what}: operationId {id} twice");
            let tags = op["tags"].as_array().map(Vec::len).unwrap_or(0);
            assert_eq!(tags, 1, "{what}: {tags} tags");
            let tag = op["tags"][0].as_str().unwrap();
            assert!(declared.contains(&tag), "{what}: tag {tag} is not declared");
            for field in ["summary", "description"] {
                let text = op[field].as_str().unwrap_or_default();
                assert!(!text.trim().is_empty(), "{what}: no {field}");
            }
            assert!(
                !op["summary"].as_str().unwrap().contains('\n'),
                "{what}: the summary is one line"
            );
            n += 1;
        }
    }
    assert!(n >= 50, "only {n} operations");
}

#[test]
fn every_reference_resolves() {
    let spec: serde_json::Value =
        serde_json::from_str(&switchboard_server::openapi::spec_json()).unwrap();
    let mut found = Vec::new();
    refs(&spec, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let pointer = r
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{r}: not a local reference"));
        assert!(spec.pointer(pointer).is_some(), "{r} does not resolve");
    }
}

#[test]
fn secured_operations_say_who_may_call_them() {
    let spec: serde_json::Value =
        serde_json::from_str(&switchboard_server::openapi::spec_json()).unwrap();
    let schemes = spec["components"]["securitySchemes"].as_object().unwrap();
    assert!(schemes.contains_key("bearer") && schemes.contains_key("apiKey"));
    assert_eq!(spec["servers"][0]["url"], "/");
    let scopes: Vec<String> = switchboard_types::ApiScope::ALL
        .iter()
        .map(|s| s.as_str().to_string())
        .collect();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let security = op["security"]
                .as_array()
                .unwrap_or_else(|| panic!("{method} {path}: security not said (`[]` when open)"));
            if security.is_empty() || security.iter().any(|s| s.as_object().unwrap().is_empty()) {
                // Open, or credentials optional (`/metrics`).
                continue;
            }
            let what = format!("{method} {path}");
            let api_keys = security.iter().any(|s| s.get("apiKey").is_some());
            let description = op["description"].as_str().unwrap();
            if security.iter().any(|s| s.get("connectToken").is_some()) {
                // The hosted connect page's API: only the session's token.
                assert_eq!(security.len(), 1, "{what}");
                assert!(description.contains("connect session's token"), "{what}");
                continue;
            }
            match op["x-required-scope"].as_str() {
                Some(scope) => {
                    assert!(scopes.iter().any(|s| s == scope), "{what}: {scope}");
                    assert!(api_keys, "{what}: a scope but no apiKey security");
                    assert!(description.contains(scope), "{what}: scope not described");
                }
                None if api_keys => assert!(description.contains("Any API key"), "{what}"),
                None => assert!(description.contains("API keys are refused"), "{what}"),
            }
        }
    }
    let list = &spec["paths"]["/api/v1/connections"]["get"];
    assert_eq!(list["x-required-scope"], "connections:read");
}

/// A response object, following a `#/components/responses/…` reference.
fn resolve<'a>(spec: &'a serde_json::Value, r: &'a serde_json::Value) -> &'a serde_json::Value {
    match r["$ref"].as_str() {
        Some(at) => spec.pointer(at.trim_start_matches('#')).unwrap(),
        None => r,
    }
}

#[test]
fn errors_are_declared_as_problem_documents() {
    let spec: serde_json::Value =
        serde_json::from_str(&switchboard_server::openapi::spec_json()).unwrap();
    // `Problem.code` is the enum of every code the server can send.
    let codes: Vec<&str> = spec["components"]["schemas"]["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let all: Vec<&str> = switchboard_types::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(codes, all);
    assert_eq!(
        spec["components"]["schemas"]["Problem"]["properties"]["code"]["$ref"],
        "#/components/schemas/ErrorCode"
    );
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("default"), "{what}: no default");
            assert!(responses.contains_key("429"), "{what}: no 429");
            let secured = op["security"].as_array().unwrap();
            if !secured.is_empty() && !secured.iter().any(|s| s.as_object().unwrap().is_empty()) {
                for s in ["401", "403"] {
                    assert!(responses.contains_key(s), "{what}: no {s}");
                }
            }
            if path.contains('{') {
                assert!(responses.contains_key("404"), "{what}: no 404");
            }
            let json_body = op["requestBody"]["content"]
                .get("application/json")
                .is_some();
            if json_body {
                for s in ["400", "413", "415", "422"] {
                    assert!(responses.contains_key(s), "{what}: takes JSON, no {s}");
                }
            }
            for (status, r) in responses {
                let r = resolve(&spec, r);
                assert!(
                    !r["description"].as_str().unwrap_or_default().is_empty(),
                    "{what} {status}: no description"
                );
                assert!(
                    r["headers"].get("X-Request-Id").is_some(),
                    "{what} {status}: X-Request-Id not declared"
                );
                if status.starts_with('4') || status.starts_with('5') || status == "default" {
                    assert_eq!(
                        r["content"]["application/problem+json"]["schema"]["$ref"],
                        "#/components/schemas/Problem",
                        "{what} {status}"
                    );
                    assert!(
                        r["content"].get("application/json").is_none(),
                        "{what} {status}: errors are not application/json"
                    );
                }
                if status == "429" || status == "503" {
                    assert!(
                        r["headers"].get("Retry-After").is_some(),
                        "{what} {status}: Retry-After not declared"
                    );
                }
            }
        }
    }
    // The proxy takes any body and answers with anything the upstream sends.
    let proxy = &spec["paths"]["/api/v1/connections/{id}/proxy/{path}"];
    for method in ["get", "put", "post", "patch", "delete", "head", "options"] {
        assert!(proxy[method]["operationId"].is_string(), "{method}");
        assert!(proxy[method]["responses"]["default"]["content"]
            .get("*/*")
            .is_some());
    }
    for method in ["put", "post", "patch"] {
        assert!(proxy[method]["requestBody"]["content"].get("*/*").is_some());
    }
}

/// The schema a media type names, when it names one.
fn named_schema<'a>(
    spec: &'a serde_json::Value,
    media: &serde_json::Value,
) -> Option<(String, &'a serde_json::Value)> {
    let r = media["schema"]["$ref"].as_str()?;
    let name = r.rsplit('/').next()?.to_string();
    let schema = spec.pointer(r.trim_start_matches('#'))?;
    Some((name, schema))
}

#[test]
fn bodies_and_answers_have_examples_and_unions_a_discriminator() {
    let spec: serde_json::Value =
        serde_json::from_str(&switchboard_server::openapi::spec_json()).unwrap();
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let what = format!("{method} {path}");
            let mut media: Vec<&serde_json::Value> = op["requestBody"]["content"]
                .get("application/json")
                .into_iter()
                .collect();
            for (status, r) in op["responses"].as_object().unwrap() {
                if status.starts_with('2') {
                    media.extend(resolve(&spec, r)["content"].get("application/json"));
                }
            }
            for m in media {
                let Some((name, schema)) = named_schema(&spec, m) else {
                    continue;
                };
                assert!(
                    schema["examples"].as_array().is_some_and(|e| !e.is_empty()),
                    "{what}: {name} has no example"
                );
                checked += 1;
            }
        }
    }
    assert!(checked >= 50, "only {checked} bodies and answers");
    let inject = &spec["components"]["schemas"]["InjectRule"];
    assert_eq!(inject["discriminator"]["propertyName"], "in");
    for variant in ["header", "query", "basic"] {
        let at = inject["discriminator"]["mapping"][variant]
            .as_str()
            .unwrap();
        assert!(spec.pointer(at.trim_start_matches('#')).is_some(), "{at}");
    }
}

#[test]
fn every_schema_property_and_parameter_is_described() {
    let spec: serde_json::Value =
        serde_json::from_str(&switchboard_server::openapi::spec_json()).unwrap();
    let described = |v: &serde_json::Value| {
        v["description"]
            .as_str()
            .is_some_and(|d| !d.trim().is_empty())
    };
    for (name, schema) in spec["components"]["schemas"].as_object().unwrap() {
        assert!(
            described(schema) || schema["title"].is_string(),
            "schema {name}"
        );
        for (property, p) in schema["properties"].as_object().into_iter().flatten() {
            assert!(described(p), "{name}.{property} has no description");
        }
    }
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            for p in op["parameters"].as_array().into_iter().flatten() {
                assert!(described(p), "{method} {path}: parameter {}", p["name"]);
            }
        }
    }
}
