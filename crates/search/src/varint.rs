//! LEB128 varints for postings lists: doc-id gaps are small, so most take one byte.

pub(crate) fn write(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// How many bytes [`write`] takes for `value`.
pub(crate) fn len(value: u64) -> usize {
    (64 - value.leading_zeros() as usize).div_ceil(7).max(1)
}

/// Reads one varint at `*pos`, advancing it. `None` on truncated or overlong input, so a
/// crafted index can never make the reader panic or loop.
pub(crate) fn read(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut value = 0u64;
    for shift in (0..64).step_by(7) {
        let byte = *bytes.get(*pos)?;
        *pos += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_small_and_large_values() {
        for value in [0, 1, 127, 128, 300, u32::MAX as u64, u64::MAX] {
            let mut buf = Vec::new();
            write(&mut buf, value);
            let mut pos = 0;
            assert_eq!(read(&buf, &mut pos), Some(value));
            assert_eq!(pos, buf.len());
            assert_eq!(len(value), buf.len());
        }
    }

    #[test]
    fn truncated_input_is_none_not_a_panic() {
        let mut pos = 0;
        assert_eq!(read(&[0x80, 0x80], &mut pos), None);
        let mut pos = 0;
        assert_eq!(read(&[0xff; 20], &mut pos), None);
    }
}
