//! Telling a torn tail from damage to acknowledged data.
//!
//! When the scan of the log meets a record it cannot accept (an unknown tag, a length over the
//! limit or past the end of the file, a check that does not match), the bytes from there on are
//! either what an interrupted batch write left (a torn tail: never acknowledged, safe to cut) or
//! damage to records that were acknowledged. [`examine`] decides: it searches the rest of the file
//! byte by byte for *any* record whose check verifies (so a damaged length cannot hide the records
//! after it), and tries the damaged record itself as one that runs to the end of the file (a
//! damaged header on the last record). Either finding is damage, and the log refuses to open.
//! Otherwise the bytes hold no valid record and may be cut; they are called torn only when they
//! look like an interrupted write (the file ends inside a record whose header is plausible, or
//! only zero bytes follow), since only then is "never acknowledged" established.

use std::fs::File;
use std::io::{Read, Seek, SeekFrom};

use crate::log::{LogError, MAX_PAYLOAD, TAG_COMMIT, TAG_ENTRY, TAG_SIGNED, record_check};

/// Why a record could not be accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bad {
    /// Fewer than 5 bytes (a record header) remain.
    Short,
    /// The tag is none of `E`, `C`, `S`.
    UnknownTag(u8),
    /// The length is over the limit.
    TooLong(u32),
    /// The record would run past the end of the file.
    PastEnd(u32),
    /// The record is complete but does not match its check value.
    Check,
}

impl std::fmt::Display for Bad {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Bad::Short => write!(f, "the file ends inside a record header"),
            Bad::UnknownTag(t) => write!(f, "unknown record tag 0x{t:02x}"),
            Bad::TooLong(l) => write!(f, "record length {l} is over the {MAX_PAYLOAD}-byte limit"),
            Bad::PastEnd(l) => write!(f, "record length {l} runs past the end of the file"),
            Bad::Check => write!(f, "the record does not match its check value"),
        }
    }
}

/// What was found after the last valid boundary record, when it may be cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailKind {
    /// An interrupted batch write: complete entry records (or none) and then the file ends
    /// inside a record, or only zero bytes follow. A batch is acknowledged only after its
    /// boundary record is durable, so these bytes were never acknowledged.
    Torn {
        /// File offset of the first record that could not be read.
        offset: u64,
    },
    /// Bytes that hold no valid record but are not what an interrupted write leaves (for
    /// example a complete record whose check fails). Whether they held an acknowledged batch
    /// cannot be established; a signed checkpoint among them would be caught by the high-water
    /// mark, an unsigned batch would not.
    Unexplained {
        /// File offset of the first record that could not be read.
        offset: u64,
        /// What is wrong with it.
        detail: String,
    },
}

impl TailKind {
    /// Offset of the first unreadable record.
    pub fn offset(&self) -> u64 {
        match self {
            TailKind::Torn { offset } | TailKind::Unexplained { offset, .. } => *offset,
        }
    }
}

impl std::fmt::Display for TailKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TailKind::Torn { offset } => write!(
                f,
                "a torn tail from byte {offset}: an interrupted write, never acknowledged"
            ),
            TailKind::Unexplained { offset, detail } => write!(
                f,
                "unreadable bytes from byte {offset} ({detail}) with no valid record after them; \
                 they are not an interrupted write, so whether they held acknowledged entries \
                 cannot be established"
            ),
        }
    }
}

fn tag_name(tag: u8) -> &'static str {
    match tag {
        TAG_ENTRY => "entry",
        TAG_COMMIT => "commit",
        _ => "signed checkpoint",
    }
}

/// Decides what the bytes from `offset` (where `bad` was met) to `file_len` are: damage
/// (`Err(Corrupt)`) when any valid record follows or the record is valid under another header,
/// else the kind of tail that may be cut.
pub(crate) fn examine(
    file: &File,
    offset: u64,
    file_len: u64,
    bad: Bad,
) -> Result<TailKind, LogError> {
    let io = |e: std::io::Error| LogError::Io {
        context: "cannot read the audit log while examining damage".into(),
        message: e.to_string(),
    };
    if let Some((at, tag)) = find_valid_record(file, offset + 1, file_len).map_err(io)? {
        return Err(LogError::Corrupt {
            offset,
            detail: format!(
                "{bad}, and a valid {} record follows at byte {at}: acknowledged data is \
                 damaged (this is not a torn tail)",
                tag_name(tag)
            ),
        });
    }
    if let Some(tag) = valid_to_end(file, offset, file_len).map_err(io)? {
        return Err(LogError::Corrupt {
            offset,
            detail: format!(
                "{bad}, but the bytes from there to the end of the file are a valid {} record \
                 under another header: a record header was damaged",
                tag_name(tag)
            ),
        });
    }
    let torn = matches!(bad, Bad::Short | Bad::PastEnd(_))
        || all_zero(file, offset, file_len).map_err(io)?;
    Ok(if torn {
        TailKind::Torn { offset }
    } else {
        TailKind::Unexplained {
            offset,
            detail: bad.to_string(),
        }
    })
}

/// Bytes read ahead at once by the search.
const WINDOW: usize = 8 << 20;
/// The largest record.
const MAX_RECORD: usize = 5 + MAX_PAYLOAD as usize + 32;

/// The first offset at or after `from` where a record whose check verifies starts, and its tag.
/// Every byte is a candidate; cheap tests (tag, length, payload shape) reject almost all of
/// them before any hashing, so the search runs at read speed.
fn find_valid_record(file: &File, from: u64, file_len: u64) -> std::io::Result<Option<(u64, u8)>> {
    let mut f = file;
    let mut base = from;
    let mut buf: Vec<u8> = Vec::new();
    let mut p = 0usize;
    loop {
        if base + p as u64 >= file_len {
            return Ok(None);
        }
        // Keep a whole record of the largest size ahead of `p` in the buffer.
        if p + MAX_RECORD > buf.len() && base + (buf.len() as u64) < file_len {
            buf.drain(..p);
            base += p as u64;
            p = 0;
            let want = (WINDOW + MAX_RECORD).min((file_len - base) as usize);
            let have = buf.len();
            buf.resize(want, 0);
            f.seek(SeekFrom::Start(base + have as u64))?;
            f.read_exact(&mut buf[have..])?;
        }
        if let Some(tag) = record_at(&buf[p..]) {
            return Ok(Some((base + p as u64, tag)));
        }
        p += 1;
    }
}

/// The tag of the record at the start of `b` if it is complete within `b` and verifies.
fn record_at(b: &[u8]) -> Option<u8> {
    let tag = *b.first()?;
    if !matches!(tag, TAG_ENTRY | TAG_COMMIT | TAG_SIGNED) || b.len() < 5 + 32 {
        return None;
    }
    let len = u32::from_le_bytes([b[1], b[2], b[3], b[4]]);
    if len > MAX_PAYLOAD || (tag == TAG_COMMIT && len != 40) {
        return None;
    }
    let len = len as usize;
    let payload = b.get(5..5 + len)?;
    let check = b.get(5 + len..5 + len + 32)?;
    // An entry is canonical JSON, a checkpoint note ends with a newline.
    let shaped = match tag {
        TAG_ENTRY => payload.first() == Some(&b'{') && payload.last() == Some(&b'}'),
        TAG_SIGNED => payload.last() == Some(&b'\n'),
        _ => true,
    };
    (shaped && record_check(tag, payload) == check).then_some(tag)
}

/// Whether the bytes from `offset` to the end are one valid record under some tag (the length
/// field set to what reaches the end).
fn valid_to_end(file: &File, offset: u64, file_len: u64) -> std::io::Result<Option<u8>> {
    let total = file_len - offset;
    if total < 5 + 32 || total > MAX_RECORD as u64 {
        return Ok(None);
    }
    let mut b = vec![0u8; total as usize];
    let mut f = file;
    f.seek(SeekFrom::Start(offset))?;
    f.read_exact(&mut b)?;
    let (payload, check) = b[5..].split_at(b.len() - 5 - 32);
    Ok([TAG_ENTRY, TAG_COMMIT, TAG_SIGNED]
        .into_iter()
        .find(|&t| record_check(t, payload) == check))
}

fn all_zero(file: &File, offset: u64, file_len: u64) -> std::io::Result<bool> {
    let mut f = file;
    f.seek(SeekFrom::Start(offset))?;
    let mut r = f.take(file_len - offset);
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = r.read(&mut buf)?;
        if n == 0 {
            return Ok(true);
        }
        if buf[..n].iter().any(|&b| b != 0) {
            return Ok(false);
        }
    }
}
