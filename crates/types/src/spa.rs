//! The web app's pages, and where the app may go after sign-in.

/// The pages of the web app (client-side routes; the server answers them with
/// `index.html`).
pub const PAGES: &[&str] = &[
    "/",
    "/connections",
    "/automations",
    "/accounts",
    "/api-keys",
    "/users",
    "/audit",
    "/oauth-apps",
    "/setup",
    "/login",
];

/// Where sign-in goes when `next` is missing or refused.
pub const AFTER_SIGN_IN: &str = "/connections";

/// `next` when it is a page of this app on this origin, else `None`.
///
/// Accepted: a path that starts with one `/`, is one of [`PAGES`] (not the sign-in
/// or setup pages), and is followed only by a query or fragment. Refused: anything a
/// browser could read as another origin — `//h`, `/\h` (browsers read `\` as `/`),
/// encoded or control characters in the path (`/%5Ch`, `/%09/h`, tabs and newlines
/// that browsers drop), absolute URLs and `javascript:`. The web app additionally
/// parses the survivor against its own origin and requires the same origin.
pub fn safe_next(next: &str) -> Option<&str> {
    if next
        .chars()
        .any(|c| c.is_control() || c.is_whitespace() || c == '\\')
    {
        return None;
    }
    let path = next.split(['?', '#']).next().unwrap_or_default();
    let allowed = path.starts_with('/')
        && !path.starts_with("//")
        && PAGES.contains(&path)
        && !matches!(path, "/login" | "/setup");
    allowed.then_some(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_pages_of_this_origin_are_accepted() {
        for bad in [
            "//h",
            "//h/connections",
            "/\\h",
            "/%5Ch",
            "/%5ch/x",
            "/%09/h",
            "/\t/h",
            "/\n/h",
            "\\\\h",
            "https://h",
            "https://h/connections",
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "",
            "connections",
            "/login",
            "/setup?x=1",
            "/unknown",
            "/connections/../..//h",
            "/%2F%2Fh",
            " /connections",
        ] {
            assert_eq!(safe_next(bad), None, "{bad:?} accepted");
        }
        for good in [
            "/",
            "/connections",
            "/connections?x=1",
            "/connections?q=slack#top",
            "/audit",
            "/api-keys",
        ] {
            assert_eq!(safe_next(good), Some(good), "{good:?} refused");
        }
    }
}
