use std::mem::{self, MaybeUninit};

fn bad(n: usize) -> (u64, Vec<u8>, [u8; 16]) {
    // ruleid: rust.unsafe.uninitialized-memory
    let x: u64 = unsafe { mem::uninitialized() };
    let mut buf: Vec<u8> = Vec::with_capacity(n);
    // ruleid: rust.unsafe.uninitialized-memory
    unsafe { buf.set_len(n) };
    // ruleid: rust.unsafe.uninitialized-memory
    let arr: [u8; 16] = unsafe { MaybeUninit::uninit().assume_init() };
    (x, buf, arr)
}

fn good(n: usize, src: &[u8]) -> (Vec<u8>, [MaybeUninit<u8>; 16]) {
    let mut filled: Vec<u8> = Vec::with_capacity(n);
    unsafe {
        std::ptr::copy_nonoverlapping(src.as_ptr(), filled.as_mut_ptr(), n);
        // ok: rust.unsafe.uninitialized-memory
        filled.set_len(n);
    }
    // ok: rust.unsafe.uninitialized-memory
    let buf = vec![0u8; n];
    // ok: rust.unsafe.uninitialized-memory
    let arr: [MaybeUninit<u8>; 16] = [MaybeUninit::uninit(); 16];
    (buf, arr)
}
