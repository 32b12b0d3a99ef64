//! The policy facts, declared once. One table ([`policy_facts!`]) names every attribute of a
//! decision, its Rust type and where it lives in Cedar (an entity's id, an entity attribute, or
//! the request context). From it come the [`Facts`] struct, the bytes of the decision cache's key
//! ([`Facts::key_bytes`]), the attributes of the Cedar entities ([`Facts::places`]) and the
//! schema text ([`schema_text`]), so a new attribute cannot reach Cedar without also reaching the
//! cache key and the schema: a slice cached for other facts can never be reused for it.

use serde::{Deserialize, Serialize};

/// A Cedar entity type of the decision slice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    /// `Ferret::Org`.
    Org = 0,
    /// `Ferret::User`, the principal.
    User = 1,
    /// `Ferret::Model`, the resource.
    Model = 2,
}

impl EntityKind {
    /// The type's name inside the `Ferret` namespace.
    pub const fn name(self) -> &'static str {
        match self {
            EntityKind::Org => "Org",
            EntityKind::User => "User",
            EntityKind::Model => "Model",
        }
    }

    /// Every entity type, in the order of the schema.
    pub const ALL: [EntityKind; 3] = [EntityKind::Org, EntityKind::User, EntityKind::Model];
}

/// Where a fact goes in the Cedar request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The id of an entity of this type.
    Id(EntityKind),
    /// A `String` attribute of an entity of this type, with its Cedar name.
    Attr(EntityKind, &'static str),
    /// A `String` attribute of the request context.
    Context(&'static str),
}

/// One fact's value, as the cache key and the Cedar builder see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactValue<'a> {
    /// A row id.
    Id(i64),
    /// A string.
    Str(&'a str),
}

impl FactValue<'_> {
    /// The value as an entity id or a string attribute.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            FactValue::Id(n) => n.to_string().into(),
            FactValue::Str(s) => (*s).into(),
        }
    }
}

/// The Rust types a fact may have.
pub trait FactType {
    /// The value of a field of this type.
    fn fact_value(&self) -> FactValue<'_>;
}

impl FactType for i64 {
    fn fact_value(&self) -> FactValue<'_> {
        FactValue::Id(*self)
    }
}

impl FactType for String {
    fn fact_value(&self) -> FactValue<'_> {
        FactValue::Str(self)
    }
}

/// Declares the facts: `field: Type => Place;`, each with its doc comment.
macro_rules! policy_facts {
    ($( $(#[doc = $doc:literal])+ $field:ident : $ty:ty => $place:expr ; )+) => {
        /// The attributes of one decision, computed from the store (declared once, in
        /// [`policy_facts!`]).
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
        pub struct Facts {
            $( $(#[doc = $doc])+ pub $field: $ty, )+
        }

        impl Facts {
            /// Every fact's name and place, in declaration order.
            pub const FIELDS: &'static [(&'static str, Place)] =
                &[ $( (stringify!($field), $place), )+ ];

            /// Every fact's value, in the order of [`Facts::FIELDS`].
            pub fn values(&self) -> [FactValue<'_>; Facts::FIELDS.len()] {
                [ $( FactType::fact_value(&self.$field), )+ ]
            }
        }
    };
}

policy_facts! {
    /// User row id.
    user_id: i64 => Place::Id(EntityKind::User);
    /// Org row id.
    org_id: i64 => Place::Id(EntityKind::Org);
    /// Org name.
    org_name: String => Place::Attr(EntityKind::Org, "name");
    /// Org vetting status.
    org_status: String => Place::Attr(EntityKind::Org, "status");
    /// Class of the org's country.
    org_country_class: String => Place::Attr(EntityKind::Org, "country_class");
    /// Org screening state.
    org_screening: String => Place::Attr(EntityKind::Org, "screening");
    /// Class of the user's nationality.
    nationality_class: String => Place::Attr(EntityKind::User, "nationality_class");
    /// Class of the user's location.
    location_class: String => Place::Attr(EntityKind::User, "location_class");
    /// User screening state.
    user_screening: String => Place::Attr(EntityKind::User, "screening");
    /// Model id.
    model: String => Place::Id(EntityKind::Model);
    /// Model tier.
    tier: String => Place::Attr(EntityKind::Model, "tier");
    /// `openai` or `anthropic`.
    api: String => Place::Context("api");
}

/// The structural attribute every user has besides its facts: its organisation.
pub const USER_ORG_ATTR: &str = "org";

impl Facts {
    /// Every fact with its place and value, in declaration order.
    pub fn places(&self) -> impl Iterator<Item = (Place, FactValue<'_>)> {
        Facts::FIELDS.iter().map(|(_, p)| *p).zip(self.values())
    }

    /// The exact identity of these facts: every field in declaration order, each tagged with its
    /// kind and strings with their length, so two byte strings are equal exactly when the facts
    /// are.
    pub fn key_bytes(&self) -> Vec<u8> {
        let values = self.values();
        let len = values
            .iter()
            .map(|v| match v {
                FactValue::Id(_) => 9,
                FactValue::Str(s) => 9 + s.len(),
            })
            .sum();
        let mut bytes = Vec::with_capacity(len);
        for v in values {
            match v {
                FactValue::Id(n) => {
                    bytes.push(0);
                    bytes.extend_from_slice(&n.to_le_bytes());
                }
                FactValue::Str(s) => {
                    bytes.push(1);
                    bytes.extend_from_slice(&(s.len() as u64).to_le_bytes());
                    bytes.extend_from_slice(s.as_bytes());
                }
            }
        }
        bytes
    }
}

/// The Cedar schema the facts need, generated from the declaration (the shipped
/// `policy/gateway.cedarschema` must say the same, apart from comments).
pub fn schema_text() -> String {
    let mut out = String::from("namespace Ferret {\n");
    for kind in EntityKind::ALL {
        out.push_str(&format!("  entity {} = {{\n", kind.name()));
        if kind == EntityKind::User {
            out.push_str(&format!("    {USER_ORG_ATTR}: Org,\n"));
        }
        for (_, place) in Facts::FIELDS {
            if let Place::Attr(k, name) = place
                && *k == kind
            {
                out.push_str(&format!("    {name}: String,\n"));
            }
        }
        out.push_str("  };\n");
    }
    out.push_str("  action invoke appliesTo {\n    principal: [User],\n    resource: [Model],\n");
    out.push_str("    context: {\n");
    for (_, place) in Facts::FIELDS {
        if let Place::Context(name) = place {
            out.push_str(&format!("      {name}: String,\n"));
        }
    }
    out.push_str("    },\n  };\n}\n");
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Facts of an approved domestic user on a full-tier model.
    pub(crate) fn sample() -> Facts {
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

    /// Changes one field of the serialised facts, whatever its name: this sees every field of
    /// the struct, including one added without going through the declaration.
    fn perturbed(f: &Facts, field: &str) -> Facts {
        let mut v = serde_json::to_value(f).unwrap();
        let slot = &mut v[field];
        *slot = match slot.take() {
            serde_json::Value::Number(n) => (n.as_i64().unwrap() + 1).into(),
            serde_json::Value::String(s) => format!("{s}x").into(),
            other => panic!("fact {field} has an unexpected type: {other}"),
        };
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn every_field_of_the_struct_is_in_the_cache_key() {
        let f = sample();
        let serde_json::Value::Object(fields) = serde_json::to_value(&f).unwrap() else {
            panic!("facts serialise as an object");
        };
        assert_eq!(fields.len(), Facts::FIELDS.len());
        for name in fields.keys() {
            let g = perturbed(&f, name);
            assert_ne!(g, f, "{name} changed");
            assert_ne!(
                g.key_bytes(),
                f.key_bytes(),
                "{name} is missing from the key"
            );
        }
    }

    #[test]
    fn every_field_of_the_struct_reaches_cedar() {
        let f = sample();
        let serde_json::Value::Object(fields) = serde_json::to_value(&f).unwrap() else {
            panic!("facts serialise as an object");
        };
        for name in fields.keys() {
            let g = perturbed(&f, name);
            let before: Vec<_> = f
                .places()
                .map(|(p, v)| (p, v.text().into_owned()))
                .collect();
            let after: Vec<_> = g
                .places()
                .map(|(p, v)| (p, v.text().into_owned()))
                .collect();
            assert_ne!(before, after, "{name} does not reach the Cedar request");
        }
    }

    #[test]
    fn field_boundaries_are_part_of_the_key() {
        let (mut a, mut b) = (sample(), sample());
        (a.org_name, a.org_status) = ("ab".into(), "c".into());
        (b.org_name, b.org_status) = ("a".into(), "bc".into());
        assert_ne!(a.key_bytes(), b.key_bytes());
        assert_eq!(sample().key_bytes(), sample().key_bytes());
    }

    /// The shipped schema, without comments and blank lines.
    fn shipped_schema() -> String {
        crate::policy::DEFAULT_SCHEMA
            .lines()
            .filter(|l| !l.trim_start().starts_with("//") && !l.trim().is_empty())
            .map(|l| format!("{}\n", l.trim_end()))
            .collect()
    }

    #[test]
    fn shipped_schema_matches_the_declaration() {
        assert_eq!(shipped_schema(), schema_text());
    }

    #[test]
    fn generated_schema_is_valid_cedar() {
        let (_schema, _warnings) =
            cedar_policy::Schema::from_cedarschema_str(&schema_text()).unwrap();
    }
}
