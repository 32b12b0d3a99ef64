use jsonwebtoken::{decode, Algorithm, DecodingKey, Validation};

fn check(token: &str, secret: &[u8]) {
    let mut validation = Validation::new(Algorithm::HS256);
    // ruleid: rust.jwt.signature-validation-disabled
    validation.insecure_disable_signature_validation();
    // ruleid: rust.jwt.signature-validation-disabled
    let old = jsonwebtoken::dangerous_insecure_decode::<Claims>(token);
    // ok: rust.jwt.signature-validation-disabled
    validation.validate_exp = true;
    // ok: rust.jwt.signature-validation-disabled
    let data = decode::<Claims>(token, &DecodingKey::from_secret(secret), &validation);
    let _ = (old, data);
}
