//! Search ranking of the connection list. A search shows, in this order:
//! connections of apps whose name or slug starts with the text, of apps that
//! contain it, then connections whose name or connected identity contains it —
//! each band in list order, so a cursor is a band and a position in it.

use std::collections::BTreeMap;

use switchboard_db::repo::connections::Band;

/// The app slugs of the first two bands.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct AppBands {
    /// Apps whose name or slug starts with the text.
    pub prefix: Vec<String>,
    /// Apps whose name or slug contains it elsewhere.
    pub contains: Vec<String>,
    /// Both, which the text band leaves out (their connections showed already).
    pub both: Vec<String>,
}

impl AppBands {
    /// Ranks apps (`slug → name`) for a lowercase search text.
    pub fn rank(apps: &BTreeMap<String, String>, needle: &str) -> Self {
        let mut out = Self::default();
        for (slug, name) in apps {
            match switchboard_catalog::match_rank(name, slug, needle) {
                Some(0) => out.prefix.push(slug.clone()),
                Some(_) => out.contains.push(slug.clone()),
                None => {}
            }
        }
        out.both = out.prefix.iter().chain(&out.contains).cloned().collect();
        out
    }

    /// The bands a page query walks through, in order.
    pub fn bands<'a>(&'a self, needle: &'a str) -> Vec<Band<'a>> {
        vec![
            Band::Apps(&self.prefix),
            Band::Apps(&self.contains),
            Band::Text {
                needle,
                except_apps: &self.both,
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_apps_before_containing_apps() {
        let apps: BTreeMap<String, String> = [
            ("github", "GitHub"),
            ("gitlab", "GitLab"),
            ("digitalocean", "DigitalOcean"),
            ("slack", "Slack"),
        ]
        .into_iter()
        .map(|(s, n)| (s.to_string(), n.to_string()))
        .collect();
        let r = AppBands::rank(&apps, "git");
        assert_eq!(r.prefix, ["github", "gitlab"]);
        assert_eq!(r.contains, ["digitalocean"]);
        assert_eq!(r.both, ["github", "gitlab", "digitalocean"]);
        assert_eq!(AppBands::rank(&apps, "zzz"), AppBands::default());
        assert_eq!(r.bands("git").len(), 3);
    }
}
