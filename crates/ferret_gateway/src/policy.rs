//! Cedar policy: loading with strict validation against the schema, and one decision per
//! request over a small entity slice (user, organisation, model).
//!
//! Building a slice (three entities, Cedar's transitive closure over them, the request) costs about
//! half as much as evaluating the policies over it, so prepared slices are kept in a bounded cache
//! keyed by the *complete* [`Facts`] they were built from. The key is the content, not the identity: a
//! changed attribute (a revocation, a screening hit, a new country class, another model tier) is a
//! different key, so a store change takes effect on the very next request without any
//! invalidation, and a cached slice is exactly the slice that would be built again. Every decision
//! still runs Cedar's `is_authorized` over the policy set.

use std::collections::{HashMap, HashSet};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

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

pub use crate::facts::Facts;
use crate::facts::{EntityKind, Place, USER_ORG_ATTR};

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

/// Slices kept per generation of the cache by default (two generations are kept: at most twice
/// this many slices).
pub const DEFAULT_SLICE_CACHE: usize = 4096;

/// A request and its entity slice, ready for `is_authorized`.
#[derive(Debug)]
struct Slice {
    request: Request,
    entities: Entities,
}

/// The exact identity of a set of facts ([`Facts::key_bytes`]: every declared fact), so two keys
/// are equal exactly when the facts are. The map hashes only `hash` (64 bits
/// of BLAKE3 of `bytes`), computed once per decision.
#[derive(Debug, Clone)]
struct SliceKey {
    hash: u64,
    bytes: Box<[u8]>,
}

impl SliceKey {
    fn of(f: &Facts) -> SliceKey {
        let bytes = f.key_bytes();
        let digest = blake3::hash(&bytes);
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest.as_bytes()[..8]);
        SliceKey {
            hash: u64::from_le_bytes(first),
            bytes: bytes.into_boxed_slice(),
        }
    }
}

impl PartialEq for SliceKey {
    fn eq(&self, other: &SliceKey) -> bool {
        self.hash == other.hash && self.bytes == other.bytes
    }
}

impl Eq for SliceKey {}

impl std::hash::Hash for SliceKey {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Passes a key's precomputed 64-bit hash through.
#[derive(Debug, Default)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PassThroughMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<PassThrough>>;

/// A bounded map from facts to prepared slices, in two generations: lookups search the current
/// generation, then the previous one (moving a hit into the current one); when the current one is
/// full it becomes the previous one and the oldest is dropped. A slice is kept only when its facts
/// were seen before (a door-keeper of 64-bit hashes, itself bounded), so facts that occur once do
/// not push out slices in use nor pay for being kept. The hashes only decide what is kept: lookups
/// compare complete keys.
#[derive(Debug, Default)]
struct SliceCache {
    current: PassThroughMap<SliceKey, Arc<Slice>>,
    previous: PassThroughMap<SliceKey, Arc<Slice>>,
    seen: HashSet<u64, std::hash::BuildHasherDefault<PassThrough>>,
}

impl SliceCache {
    fn get(&mut self, k: &SliceKey) -> Option<Arc<Slice>> {
        if let Some(s) = self.current.get(k) {
            return Some(s.clone());
        }
        let (k, s) = self.previous.remove_entry(k)?;
        self.current.insert(k, s.clone());
        Some(s)
    }

    /// Whether a slice built for `k` should be kept: true from the second time `k` is seen.
    fn admit(&mut self, k: &SliceKey, capacity: usize) -> bool {
        if self.seen.len() >= 2 * capacity {
            self.seen.clear();
        }
        !self.seen.insert(k.hash)
    }

    fn insert(&mut self, k: SliceKey, s: Arc<Slice>, capacity: usize) {
        if self.current.len() >= capacity {
            self.previous = std::mem::take(&mut self.current);
        }
        self.current.insert(k, s);
    }

    fn len(&self) -> usize {
        self.current.len() + self.previous.len()
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
    cache: Mutex<SliceCache>,
    cache_capacity: usize,
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
        let engine = PolicyEngine {
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
            cache: Mutex::new(SliceCache::default()),
            cache_capacity: DEFAULT_SLICE_CACHE,
        };
        // A schema of the operator's own must describe every fact the gateway sends: a slice
        // built from them is validated once here, so a missing or mistyped attribute is a load
        // error, not a failing request.
        engine
            .build_slice_checked(&Facts::default(), true)
            .map_err(|e| PolicyError::Schema(format!("the schema does not fit the facts: {e}")))?;
        Ok(engine)
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

    /// Keeps at most `capacity` prepared slices per cache generation; 0 builds every slice anew.
    pub fn with_slice_cache(mut self, capacity: usize) -> PolicyEngine {
        self.cache_capacity = capacity;
        self.cache = Mutex::new(SliceCache::default());
        self
    }

    /// How many prepared slices the cache holds now.
    pub fn cached_slices(&self) -> usize {
        self.cache.lock().unwrap_or_else(|p| p.into_inner()).len()
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

    /// Decides one request over the slice of `facts`: Cedar's `is_authorized` over the policy set,
    /// on a slice taken from the cache when these exact facts were seen recently, built otherwise.
    pub fn decide(&self, f: &Facts) -> Result<Decision, PolicyError> {
        let slice = self.slice(f)?;
        let resp = self
            .authorizer
            .is_authorized(&slice.request, &self.policies, &slice.entities);
        if let Some(e) = resp.diagnostics().errors().next() {
            return Err(PolicyError::Request(e.to_string()));
        }
        let mut policies: Vec<String> =
            resp.diagnostics().reason().map(|p| p.to_string()).collect();
        policies.sort();
        Ok(Decision {
            allowed: resp.decision() == CedarDecision::Allow,
            policies,
        })
    }

    fn slice(&self, f: &Facts) -> Result<Arc<Slice>, PolicyError> {
        if self.cache_capacity == 0 {
            return Ok(Arc::new(self.build_slice(f)?));
        }
        let key = SliceKey::of(f);
        let keep = {
            let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
            if let Some(s) = cache.get(&key) {
                return Ok(s);
            }
            cache.admit(&key, self.cache_capacity)
        };
        // Built outside the lock: two requests racing on the same new facts both build it, and
        // the second insert replaces an identical slice.
        let s = Arc::new(self.build_slice(f)?);
        if keep {
            self.cache.lock().unwrap_or_else(|p| p.into_inner()).insert(
                key,
                s.clone(),
                self.cache_capacity,
            );
        }
        Ok(s)
    }

    fn entity_type(&self, kind: EntityKind) -> &EntityTypeName {
        match kind {
            EntityKind::Org => &self.org_type,
            EntityKind::User => &self.user_type,
            EntityKind::Model => &self.model_type,
        }
    }

    fn build_slice(&self, f: &Facts) -> Result<Slice, PolicyError> {
        self.build_slice_checked(f, self.checked)
    }

    /// Builds the slice of `f`, validating entities and request against the schema if `checked`.
    fn build_slice_checked(&self, f: &Facts, checked: bool) -> Result<Slice, PolicyError> {
        let req_err = |e: &dyn std::fmt::Display| PolicyError::Request(e.to_string());
        let s = |v: &str| RestrictedExpression::new_string(v.to_string());
        let mut ids: [Option<EntityUid>; 3] = [None, None, None];
        let mut attrs: [HashMap<String, RestrictedExpression>; 3] = Default::default();
        let mut context = Vec::new();
        for (place, value) in f.places() {
            match place {
                Place::Id(kind) => {
                    let uid = EntityUid::from_type_name_and_id(
                        self.entity_type(kind).clone(),
                        EntityId::new(value.text()),
                    );
                    ids[kind as usize] = Some(uid);
                }
                Place::Attr(kind, name) => {
                    attrs[kind as usize].insert(name.to_string(), s(&value.text()));
                }
                Place::Context(name) => context.push((name.to_string(), s(&value.text()))),
            }
        }
        let [Some(org_uid), Some(user_uid), Some(model_uid)] = ids else {
            return Err(PolicyError::Request("a slice entity has no id fact".into()));
        };
        let [org_attrs, mut user_attrs, model_attrs] = attrs;
        user_attrs.insert(
            USER_ORG_ATTR.to_string(),
            RestrictedExpression::new_entity_uid(org_uid.clone()),
        );
        let entity = |uid: &EntityUid, attrs| {
            Entity::new(uid.clone(), attrs, HashSet::new()).map_err(|e| req_err(&e))
        };
        let org = entity(&org_uid, org_attrs)?;
        let user = entity(&user_uid, user_attrs)?;
        let model = entity(&model_uid, model_attrs)?;
        // The slice is built by this function from typed facts, so it conforms to the schema by
        // construction (checked by `slice_conforms_to_schema` in the tests); validating it again
        // on every request would triple the cost of a decision.
        let entities = Entities::from_entities([org, user, model], checked.then_some(&self.schema))
            .map_err(|e| req_err(&e))?;
        let context = Context::from_pairs(context).map_err(|e| req_err(&e))?;
        let request = Request::new(
            user_uid,
            self.action.clone(),
            model_uid,
            context,
            checked.then_some(&self.schema),
        )
        .map_err(|e| req_err(&e))?;
        Ok(Slice { request, entities })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> Facts {
        crate::facts::tests::sample()
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
    fn a_schema_missing_a_fact_is_refused_at_load() {
        let policy = "@id(\"all\") permit(principal, action, resource);";
        assert!(PolicyEngine::load(&crate::facts::schema_text(), policy).is_ok());
        let without_tier = crate::facts::schema_text().replace("    tier: String,\n", "");
        assert_ne!(without_tier, crate::facts::schema_text());
        let err = PolicyEngine::load(&without_tier, policy).unwrap_err();
        assert!(
            matches!(&err, PolicyError::Schema(m) if m.contains("does not fit the facts")),
            "{err}"
        );
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
    fn every_fact_change_takes_effect_on_the_next_decision() {
        let e = PolicyEngine::default_policy().unwrap();
        let mut f = facts();
        assert!(e.decide(&f).unwrap().allowed);
        assert_eq!(
            e.cached_slices(),
            0,
            "kept from the second time facts are seen"
        );
        assert!(e.decide(&f).unwrap().allowed);
        assert_eq!(e.cached_slices(), 1);
        assert!(e.decide(&f).unwrap().allowed, "from the cache");
        // Each change below is what a store write produces in the next request's facts.
        type Change = (&'static str, fn(&mut Facts));
        let changes: [Change; 7] = [
            ("org revoked", |f| f.org_status = "revoked".into()),
            ("org quarantined", |f| {
                f.org_screening = "quarantined".into()
            }),
            ("user denied party", |f| {
                f.user_screening = "denied-party".into()
            }),
            ("nationality embargoed", |f| {
                f.nationality_class = "embargoed".into()
            }),
            ("location embargoed", |f| {
                f.location_class = "embargoed".into()
            }),
            ("org country embargoed", |f| {
                f.org_country_class = "embargoed".into()
            }),
            ("nationality foreign on a full-tier model", |f| {
                f.nationality_class = "foreign".into()
            }),
        ];
        for (what, change) in changes {
            let mut g = f.clone();
            change(&mut g);
            assert!(!e.decide(&g).unwrap().allowed, "{what}");
            // And back: the earlier slice is still right for the earlier facts.
            assert!(e.decide(&f).unwrap().allowed, "{what}, restored");
        }
        f.org_status = "revoked".into();
        f.tier = "general".into();
        assert_eq!(e.decide(&f).unwrap().policies, vec!["general-tier"]);
    }

    #[test]
    fn cached_slices_decide_as_fresh_ones() {
        let cached = PolicyEngine::default_policy().unwrap();
        let fresh = PolicyEngine::default_policy()
            .unwrap()
            .with_slice_cache(0)
            .with_slice_checks();
        let classes = ["domestic", "foreign", "embargoed"];
        let screenings = ["clear", "quarantined", "denied-party"];
        let mut n = 0;
        for status in ["applied", "approved", "denied", "revoked"] {
            for class in classes {
                for screening in screenings {
                    for tier in ["full", "lite", "general"] {
                        for api in ["openai", "anthropic"] {
                            let mut f = facts();
                            f.org_status = status.into();
                            f.nationality_class = class.into();
                            f.org_country_class = classes[(n / 2) % 3].into();
                            f.org_screening = screening.into();
                            f.user_screening = screenings[n % 3].into();
                            f.location_class = classes[(n / 5) % 3].into();
                            f.tier = tier.into();
                            f.api = api.into();
                            f.user_id = (n % 7) as i64;
                            let want = fresh.decide(&f).unwrap();
                            for pass in ["built", "built and kept", "from the cache"] {
                                assert_eq!(cached.decide(&f).unwrap(), want, "{pass}: {f:?}");
                            }
                            n += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(fresh.cached_slices(), 0);
        assert_eq!(cached.cached_slices(), n);
    }

    #[test]
    fn slice_keys_tell_every_field_apart() {
        let base = SliceKey::of(&facts());
        assert_eq!(base, SliceKey::of(&facts()));
        let edits: [fn(&mut Facts); 12] = [
            |f| f.user_id = 2,
            |f| f.org_id = 2,
            |f| f.org_name.push('x'),
            |f| f.org_status.push('x'),
            |f| f.org_country_class.push('x'),
            |f| f.org_screening.push('x'),
            |f| f.nationality_class.push('x'),
            |f| f.location_class.push('x'),
            |f| f.user_screening.push('x'),
            |f| f.model.push('x'),
            |f| f.tier.push('x'),
            |f| f.api.push('x'),
        ];
        for (i, edit) in edits.into_iter().enumerate() {
            let mut f = facts();
            edit(&mut f);
            assert_ne!(SliceKey::of(&f), base, "field {i}");
        }
        // Where one field ends and the next begins is part of the key.
        let (mut a, mut b) = (facts(), facts());
        (a.org_name, a.org_status) = ("ab".into(), "c".into());
        (b.org_name, b.org_status) = ("a".into(), "bc".into());
        assert_ne!(SliceKey::of(&a), SliceKey::of(&b));
        // Equal hashes are not enough: the complete keys are compared.
        let k = |b: u8| SliceKey {
            hash: 7,
            bytes: vec![b].into_boxed_slice(),
        };
        assert_ne!(k(1), k(2));
        assert_eq!(k(1), k(1));
    }

    #[test]
    fn slice_cache_is_bounded() {
        let e = PolicyEngine::default_policy().unwrap().with_slice_cache(4);
        for id in 100..110 {
            let mut f = facts();
            f.user_id = id;
            assert!(e.decide(&f).unwrap().allowed);
        }
        assert_eq!(e.cached_slices(), 0, "facts seen once are not kept");
        for id in 0..20 {
            let mut f = facts();
            f.user_id = id;
            assert!(e.decide(&f).unwrap().allowed);
            assert!(e.decide(&f).unwrap().allowed);
            assert!(e.cached_slices() <= 8, "{}", e.cached_slices());
        }
        assert!(e.cached_slices() > 0, "facts seen twice are kept");
        let mut f = facts();
        f.user_id = 0;
        assert!(
            e.decide(&f).unwrap().allowed,
            "an evicted slice is built again"
        );
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
