//! Cedar policy: loading with strict validation against the schema, and one decision per
//! request over a small entity slice (user, organisation, model).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use cedar_policy::{
    Authorizer, Context, Decision as CedarDecision, Entities, Entity, EntityId, EntityTypeName,
    EntityUid, PolicyId, PolicySet, Request, RestrictedExpression, Schema, ValidationMode,
    Validator,
};
use serde::Serialize;

/// The shipped schema.
pub const DEFAULT_SCHEMA: &str = include_str!("../policy/gateway.cedarschema");
/// The shipped policy of the scenario.
pub const DEFAULT_POLICY: &str = include_str!("../policy/default.cedar");

/// Errors loading or evaluating policy.
#[derive(Debug, thiserror::Error)]
pub enum PolicyError {
    /// The schema does not parse.
    #[error("schema: {0}")]
    Schema(String),
    /// The policies do not parse.
    #[error("policy parse: {0}")]
    Parse(String),
    /// A policy has no `@id`, or two share one.
    #[error("policy ids: {0}")]
    Ids(String),
    /// Strict validation against the schema failed.
    #[error("policy validation failed: {0}")]
    Invalid(String),
    /// Building the request or entities failed (a bug or a schema/code mismatch).
    #[error("policy request: {0}")]
    Request(String),
}

/// The attributes of one decision, computed from the store.
#[derive(Debug, Clone, Serialize)]
pub struct Facts {
    /// User row id.
    pub user_id: i64,
    /// Org row id.
    pub org_id: i64,
    /// Org name.
    pub org_name: String,
    /// Org vetting status.
    pub org_status: String,
    /// Class of the org's country.
    pub org_country_class: String,
    /// Org screening state.
    pub org_screening: String,
    /// Class of the user's nationality.
    pub nationality_class: String,
    /// Class of the user's location.
    pub location_class: String,
    /// User screening state.
    pub user_screening: String,
    /// Model id.
    pub model: String,
    /// Model tier.
    pub tier: String,
    /// `openai` or `anthropic`.
    pub api: String,
}

/// The outcome of one decision.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Decision {
    /// Allowed or not.
    pub allowed: bool,
    /// Ids of the policies that determined it (empty: default deny).
    pub policies: Vec<String>,
}

impl Decision {
    /// The reason as shown to a client: which rule, never internal data.
    pub fn reason(&self) -> String {
        if self.policies.is_empty() {
            if self.allowed {
                "allowed".into()
            } else {
                "default-deny: no policy permits this model tier for this principal".into()
            }
        } else {
            self.policies.join(",")
        }
    }
}

/// A loaded, validated policy set.
#[derive(Debug)]
pub struct PolicyEngine {
    schema: Schema,
    policies: PolicySet,
    authorizer: Authorizer,
    hash: String,
    checked: bool,
    org_type: EntityTypeName,
    user_type: EntityTypeName,
    model_type: EntityTypeName,
    action: EntityUid,
}

impl PolicyEngine {
    /// Parses and strictly validates `policy_text` against `schema_text`.
    pub fn load(schema_text: &str, policy_text: &str) -> Result<PolicyEngine, PolicyError> {
        let (schema, _warnings) = Schema::from_cedarschema_str(schema_text)
            .map_err(|e| PolicyError::Schema(format!("{e:?}")))?;
        let parsed =
            PolicySet::from_str(policy_text).map_err(|e| PolicyError::Parse(format!("{e}")))?;
        let mut policies = PolicySet::new();
        let mut seen = HashSet::new();
        for p in parsed.policies() {
            let id = p
                .annotation("id")
                .ok_or_else(|| PolicyError::Ids(format!("policy {} has no @id", p.id())))?
                .to_string();
            if !seen.insert(id.clone()) {
                return Err(PolicyError::Ids(format!("duplicate @id {id:?}")));
            }
            policies
                .add(p.new_id(PolicyId::new(&id)))
                .map_err(|e| PolicyError::Ids(e.to_string()))?;
        }
        if parsed.templates().next().is_some() {
            return Err(PolicyError::Parse("templates are not supported".into()));
        }
        let result = Validator::new(schema.clone()).validate(&policies, ValidationMode::Strict);
        if !result.validation_passed() {
            let errs: Vec<String> = result.validation_errors().map(|e| e.to_string()).collect();
            return Err(PolicyError::Invalid(errs.join("; ")));
        }
        let hash = {
            let mut h = blake3::Hasher::new();
            h.update(schema_text.as_bytes());
            h.update(b"\0");
            h.update(policy_text.as_bytes());
            h.finalize().to_hex().to_string()
        };
        let tn =
            |s: &str| EntityTypeName::from_str(s).map_err(|e| PolicyError::Schema(e.to_string()));
        Ok(PolicyEngine {
            action: EntityUid::from_type_name_and_id(
                tn("Ferret::Action")?,
                EntityId::new("invoke"),
            ),
            org_type: tn("Ferret::Org")?,
            user_type: tn("Ferret::User")?,
            model_type: tn("Ferret::Model")?,
            schema,
            policies,
            authorizer: Authorizer::new(),
            hash,
            checked: false,
        })
    }

    /// The shipped default.
    pub fn default_policy() -> Result<PolicyEngine, PolicyError> {
        Self::load(DEFAULT_SCHEMA, DEFAULT_POLICY)
    }

    /// Validates every request slice against the schema too (slower; for tests).
    pub fn with_slice_checks(mut self) -> PolicyEngine {
        self.checked = true;
        self
    }

    /// BLAKE3 of schema and policy text, recorded with every decision.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// Ids of the loaded policies.
    pub fn policy_ids(&self) -> Vec<String> {
        self.policies
            .policies()
            .map(|p| p.id().to_string())
            .collect()
    }

    /// Decides one request over a slice built from `facts`.
    pub fn decide(&self, f: &Facts) -> Result<Decision, PolicyError> {
        let req_err = |e: &dyn std::fmt::Display| PolicyError::Request(e.to_string());
        let s = |v: &str| RestrictedExpression::new_string(v.to_string());
        let org_uid = EntityUid::from_type_name_and_id(
            self.org_type.clone(),
            EntityId::new(f.org_id.to_string()),
        );
        let user_uid = EntityUid::from_type_name_and_id(
            self.user_type.clone(),
            EntityId::new(f.user_id.to_string()),
        );
        let model_uid =
            EntityUid::from_type_name_and_id(self.model_type.clone(), EntityId::new(&f.model));
        let org = Entity::new(
            org_uid.clone(),
            HashMap::from([
                ("name".to_string(), s(&f.org_name)),
                ("status".to_string(), s(&f.org_status)),
                ("country_class".to_string(), s(&f.org_country_class)),
                ("screening".to_string(), s(&f.org_screening)),
            ]),
            HashSet::new(),
        )
        .map_err(|e| req_err(&e))?;
        let user = Entity::new(
            user_uid.clone(),
            HashMap::from([
                (
                    "org".to_string(),
                    RestrictedExpression::new_entity_uid(org_uid),
                ),
                ("nationality_class".to_string(), s(&f.nationality_class)),
                ("location_class".to_string(), s(&f.location_class)),
                ("screening".to_string(), s(&f.user_screening)),
            ]),
            HashSet::new(),
        )
        .map_err(|e| req_err(&e))?;
        let model = Entity::new(
            model_uid.clone(),
            HashMap::from([("tier".to_string(), s(&f.tier))]),
            HashSet::new(),
        )
        .map_err(|e| req_err(&e))?;
        // The slice is built by this function from typed facts, so it conforms to the schema by
        // construction (checked by `slice_conforms_to_schema` in the tests); validating it again
        // on every request would triple the cost of a decision.
        let entities =
            Entities::from_entities([org, user, model], self.checked.then_some(&self.schema))
                .map_err(|e| req_err(&e))?;
        let context =
            Context::from_pairs([("api".to_string(), s(&f.api))]).map_err(|e| req_err(&e))?;
        let request = Request::new(
            user_uid,
            self.action.clone(),
            model_uid,
            context,
            self.checked.then_some(&self.schema),
        )
        .map_err(|e| req_err(&e))?;
        let resp = self
            .authorizer
            .is_authorized(&request, &self.policies, &entities);
        if let Some(e) = resp.diagnostics().errors().next() {
            return Err(req_err(e));
        }
        let mut policies: Vec<String> =
            resp.diagnostics().reason().map(|p| p.to_string()).collect();
        policies.sort();
        Ok(Decision {
            allowed: resp.decision() == CedarDecision::Allow,
            policies,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        Facts {
            user_id: 1,
            org_id: 1,
            org_name: "Acme".into(),
            org_status: "approved".into(),
            org_country_class: "domestic".into(),
            org_screening: "clear".into(),
            nationality_class: "domestic".into(),
            location_class: "domestic".into(),
            user_screening: "clear".into(),
            model: "m".into(),
            tier: "full".into(),
            api: "openai".into(),
        }
    }

    #[test]
    fn default_policy_loads_and_decides() {
        let e = PolicyEngine::default_policy().unwrap();
        let d = e.decide(&facts()).unwrap();
        assert!(d.allowed);
        assert_eq!(d.policies, vec!["full-tier"]);
        let mut f = facts();
        f.location_class = "embargoed".into();
        let d = e.decide(&f).unwrap();
        assert!(!d.allowed);
        assert_eq!(d.policies, vec!["forbid-embargoed-location"]);
    }

    #[test]
    fn slice_conforms_to_schema() {
        let e = PolicyEngine::default_policy().unwrap().with_slice_checks();
        for tier in ["full", "lite", "general"] {
            let mut f = facts();
            f.tier = tier.into();
            assert!(e.decide(&f).unwrap().allowed);
        }
    }

    #[test]
    fn strict_validation_rejects_unknown_attribute() {
        let bad = "@id(\"x\")\npermit (principal, action, resource) when { principal.salary > 3 };";
        let err = PolicyEngine::load(DEFAULT_SCHEMA, bad).unwrap_err();
        assert!(matches!(err, PolicyError::Invalid(_)), "{err}");
    }

    #[test]
    fn policies_need_ids() {
        let bad = "permit (principal, action, resource);";
        assert!(matches!(
            PolicyEngine::load(DEFAULT_SCHEMA, bad),
            Err(PolicyError::Ids(_))
        ));
    }
}
