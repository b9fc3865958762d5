//! Files from outside read whole only under a size cap, checked from the file's metadata
//! before a byte is read: a mistaken or hostile path (a disk image, /dev/zero) is refused
//! with its size instead of filling memory.

use std::io::Read;

/// Largest JSON file read (training sets, exam files, labels): 1 GiB. A training frame
/// is about 280 KB (its 256 x 256 crop in base64 and 478 points), so this holds some 3800
/// frames, more than a clinic corrects; exam files are far smaller.
pub const MAX_JSON_FILE_BYTES: u64 = 1 << 30;

#[derive(Debug, thiserror::Error)]
pub enum CappedReadError {
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("the file is {bytes} bytes; FaceGrade reads at most {} MiB here", max / (1024 * 1024))]
    TooLarge { bytes: u64, max: u64 },
    #[error("the file is not UTF-8 text")]
    NotText,
}

/// The file's bytes, if it holds at most `max`.
pub fn read_capped(path: &str, max: u64) -> Result<Vec<u8>, CappedReadError> {
    let file = std::fs::File::open(path)?;
    let bytes = file.metadata()?.len();
    if bytes > max {
        return Err(CappedReadError::TooLarge { bytes, max });
    }
    // `take` holds the cap even if the file grows between the check and the read (a pipe).
    let mut contents = Vec::with_capacity(bytes as usize);
    file.take(max + 1).read_to_end(&mut contents)?;
    if contents.len() as u64 > max {
        return Err(CappedReadError::TooLarge { bytes: contents.len() as u64, max });
    }
    Ok(contents)
}

/// The file's text, if it holds at most `max` bytes.
pub fn read_text_capped(path: &str, max: u64) -> Result<String, CappedReadError> {
    String::from_utf8(read_capped(path, max)?).map_err(|_| CappedReadError::NotText)
}
