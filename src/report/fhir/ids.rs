//! Stable resource ids without a random source: a name-based UUID (RFC 4122 section 4.3
//! layout, version 5 bits, here over SHA-256) of the exam's content and the resource's
//! role in it. The same exam and record give the same ids, so an export made twice
//! updates rather than duplicates; different exams give different ids.
//! FHIR R4 Bundle.entry.fullUrl takes them as `urn:uuid:<uuid>`.

use sha2::{Digest, Sha256};

/// The lower-case UUID for `role` (e.g. "patient", "observation/rest/mrd1_mm/left")
/// inside the exam whose content hashes to `seed`.
pub fn uuid(seed: &[u8], role: &str) -> String {
    let digest = Sha256::new().chain_update(seed).chain_update([0u8]).chain_update(role.as_bytes()).finalize();
    let mut b: [u8; 16] = digest[..16].try_into().expect("16 of 32 bytes");
    b[6] = (b[6] & 0x0f) | 0x50; // version 5 (name-based)
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..])
}

/// The `urn:uuid:` form a Bundle's fullUrl and references use.
pub fn urn(uuid: &str) -> String {
    format!("urn:uuid:{uuid}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_stable_distinct_and_shaped_as_uuids() {
        let a = uuid(b"exam", "patient");
        assert_eq!(a, uuid(b"exam", "patient"));
        assert_ne!(a, uuid(b"exam", "device"));
        assert_ne!(a, uuid(b"other exam", "patient"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "5");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"), "{a}");
    }
}
