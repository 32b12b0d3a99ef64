use std::mem;

fn convert(byte: u8, bytes: [u8; 4], f: f32) -> (bool, u32, u32, u32) {
    // ruleid: rust.unsafe.transmute
    let flag: bool = unsafe { std::mem::transmute(byte) };
    // ruleid: rust.unsafe.transmute
    let n: u32 = unsafe { mem::transmute::<[u8; 4], u32>(bytes) };
    // ok: rust.unsafe.transmute
    let safe = u32::from_ne_bytes(bytes);
    // ok: rust.unsafe.transmute
    let bits = f.to_bits();
    (flag, n, safe, bits)
}
