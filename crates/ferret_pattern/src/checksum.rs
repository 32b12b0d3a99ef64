//! Token formats that carry their own checksum (`metavariable-analysis` with
//! `analyzer: token-checksum`, a Ferret extension). GitHub's classic tokens (`ghp_`, `gho_`,
//! `ghu_`, `ghs_`, `ghr_`) and npm's access tokens (`npm_`) end in six base62 digits that encode
//! the CRC-32 of the 30 random characters before them. A string of the right shape whose digits
//! do not match was not issued by the service: it is an example, a placeholder or a test
//! value, and a secret rule need not report it.

/// The token prefixes whose last six characters are a CRC-32 checksum.
const CHECKSUMMED: [&str; 6] = ["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"];

/// Length of the random part, and of the checksum, after the prefix.
const BODY: usize = 30;
const CHECK: usize = 6;

/// Whether `raw` (quotes and surrounding space ignored) could be a token the service issued:
/// false only for a token of a checksummed format whose checksum does not hold. A token of a
/// format without a checksum, or text that is not a token at all, passes (nothing can be told).
pub fn token_checksum_holds(raw: &str) -> bool {
    let s = raw
        .trim()
        .trim_matches(|c| c == '"' || c == '\'' || c == '`')
        .trim();
    let Some(rest) = CHECKSUMMED.iter().find_map(|p| s.strip_prefix(p)) else {
        return true;
    };
    if rest.len() != BODY + CHECK || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return true;
    }
    let (body, check) = rest.split_at(BODY);
    base62_value(check) == Some(u64::from(crc32(body.as_bytes())))
}

/// The value of base62 digits (`0-9`, `A-Z`, `a-z`, most significant first).
fn base62_value(digits: &str) -> Option<u64> {
    digits.bytes().try_fold(0u64, |acc, b| {
        let d = match b {
            b'0'..=b'9' => b - b'0',
            b'A'..=b'Z' => b - b'A' + 10,
            b'a'..=b'z' => b - b'a' + 36,
            _ => return None,
        };
        Some(acc * 62 + u64::from(d))
    })
}

/// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), as zlib computes it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Base62 digits of `v`, padded to six.
    fn encode(mut v: u64) -> String {
        const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        let mut out = Vec::new();
        while v > 0 {
            out.push(ALPHABET[(v % 62) as usize]);
            v /= 62;
        }
        while out.len() < CHECK {
            out.push(b'0');
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        // The check value of CRC-32/ISO-HDLC for the nine digits "123456789".
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
    }

    #[test]
    fn a_token_with_its_checksum_holds_and_an_altered_one_does_not() {
        let body = "Zq7Lm2Xw9Rt4Nb8Vc1Kd6Hs3Jf5Gp0";
        let good = format!("ghp_{body}{}", encode(u64::from(crc32(body.as_bytes()))));
        assert_eq!(good.len(), 40);
        assert!(token_checksum_holds(&good));
        assert!(token_checksum_holds(&format!("\"{good}\"")));
        let npm = format!("npm_{body}{}", encode(u64::from(crc32(body.as_bytes()))));
        assert!(token_checksum_holds(&npm));
        // One changed character in the body, or in the checksum, breaks it.
        let bad_body = good.replacen("Zq7", "Zq8", 1);
        assert!(!token_checksum_holds(&bad_body));
        let mut bad_check = good.clone();
        bad_check.pop();
        bad_check.push(if good.ends_with('A') { 'B' } else { 'A' });
        assert!(!token_checksum_holds(&bad_check));
        // Made-up example tokens do not carry a valid checksum.
        assert!(!token_checksum_holds(
            "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
        ));
        assert!(!token_checksum_holds(
            "ghp_000000000000000000000000000000000000"
        ));
    }

    #[test]
    fn formats_without_a_checksum_and_other_text_pass() {
        assert!(token_checksum_holds(
            "github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcd"
        ));
        assert!(token_checksum_holds("not a token"));
        assert!(token_checksum_holds("ghp_short"));
    }
}
