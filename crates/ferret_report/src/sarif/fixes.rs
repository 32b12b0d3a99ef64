//! A finding's fix as a SARIF `fix`: one artifact change that replaces the finding's region
//! (`deletedRegion`) by the fixed text (`insertedContent`).

use std::borrow::Cow;

use ferret_core::Finding;
use serde::Serialize;

use super::{ArtifactLocation, Region, Text, physical_location};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Fix<'a> {
    description: Text<'a>,
    artifact_changes: Vec<ArtifactChange<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange<'a> {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement<'a> {
    deleted_region: Region<'a>,
    inserted_content: Text<'a>,
}

/// The finding's fix, if it has one.
pub(super) fn fixes(f: &Finding) -> Vec<Fix<'_>> {
    let Some(text) = &f.fix else {
        return Vec::new();
    };
    let loc = physical_location(&f.location, None, None);
    let Some(region) = loc.region else {
        return Vec::new();
    };
    vec![Fix {
        description: Text {
            text: Cow::Owned(format!("Apply the fix of rule {}", f.rule_id)),
        },
        artifact_changes: vec![ArtifactChange {
            artifact_location: loc.artifact_location,
            replacements: vec![Replacement {
                deleted_region: region,
                inserted_content: Text {
                    text: Cow::Borrowed(text),
                },
            }],
        }],
    }]
}
