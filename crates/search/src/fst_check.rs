//! A structural check of an fst's bytes before the `fst` crate reads them.
//!
//! fst trusts its bytes: a node address beyond them, or a size field that does not fit, makes
//! its lookups index out of bounds and panic (the `index_payload` fuzz target found this).
//! Checksums only catch accidents; a file crafted with the right ones got through. This walks
//! every node reachable from the root once and checks what fst 0.4's node decoding
//! (`fst/src/raw/node.rs`) will later read: each node lies inside the bytes, its pack sizes
//! are ones fst can unpack, and every transition points to a lower address. Nodes are written
//! children first, so that last rule also rules out cycles.

/// The fst format version fst 0.4 writes, the only one `helpdock build` produces.
const VERSION: u64 = 3;
/// fst's address of the empty final node, which has no bytes.
const EMPTY_ADDRESS: usize = 0;
/// From this many transitions on, a node carries a 256-byte index by input byte.
const TRANS_INDEX_THRESHOLD: usize = 32;

/// Whether fst can read `bytes` as a version 3 fst without reading outside them.
pub(crate) fn well_formed(bytes: &[u8]) -> bool {
    check(bytes).is_some()
}

fn check(bytes: &[u8]) -> Option<()> {
    // Header: version and type (8 bytes each); footer: key count, root address, checksum.
    if bytes.len() < 36 || read_u64(bytes, 0)? != VERSION {
        return None;
    }
    let root = usize::try_from(read_u64(bytes, bytes.len() - 12)?).ok()?;
    // fst's own size check (`root + 21 == len`) overflows on a huge root in a debug build.
    if root != EMPTY_ADDRESS && root.checked_add(21)? != bytes.len() {
        return None;
    }
    let mut seen = vec![0u64; bytes.len() / 64 + 1];
    let mut pending = vec![root];
    // fst adds the outputs along a key's path; if all nodes' largest together fit in a u64,
    // no path's sum overflows (which panics in a debug build, the fuzzer's).
    let mut outputs: u64 = 0;
    while let Some(addr) = pending.pop() {
        let (word, bit) = (addr / 64, 1u64 << (addr % 64));
        if addr == EMPTY_ADDRESS || seen[word] & bit != 0 {
            continue;
        }
        seen[word] |= bit;
        let node = Node::at(bytes, addr)?;
        outputs = outputs.checked_add(node.largest_output(bytes))?;
        pending.extend(node.targets(bytes)?);
    }
    Some(())
}

/// A node's layout: it occupies `end..=addr`, its outputs (`output_size` bytes each) fill
/// `end..outputs_end`, and `targets` decodes its transitions.
struct Node {
    addr: usize,
    end: usize,
    outputs_end: usize,
    output_size: usize,
    kind: Kind,
}

enum Kind {
    /// One transition to the node just below this one.
    OneTransNext,
    /// One transition whose address is packed at `at` in `size` bytes.
    OneTrans { at: usize, size: usize },
    /// `count` transitions whose addresses are packed below `first_at`, `size` bytes each.
    AnyTrans {
        first_at: usize,
        size: usize,
        count: usize,
    },
}

impl Node {
    fn at(bytes: &[u8], addr: usize) -> Option<Node> {
        let state = *bytes.get(addr)?;
        let low = usize::from(state & 0b0011_1111);
        let input_len = usize::from(low == 0);
        match state >> 6 {
            0b11 => {
                let end = addr.checked_sub(input_len)?;
                Some(Node {
                    addr,
                    end,
                    outputs_end: end,
                    output_size: 0,
                    kind: Kind::OneTransNext,
                })
            }
            0b10 => {
                let sizes_at = addr.checked_sub(input_len + 1)?;
                let (size, output) = pack_sizes(bytes[sizes_at]);
                if !(1..=8).contains(&size) || output > 8 {
                    return None;
                }
                let at = sizes_at.checked_sub(size)?;
                let end = at.checked_sub(output)?;
                Some(Node {
                    addr,
                    end,
                    outputs_end: at,
                    output_size: output,
                    kind: Kind::OneTrans { at, size },
                })
            }
            _ => Node::any_trans(bytes, addr, state, low),
        }
    }

    fn any_trans(bytes: &[u8], addr: usize, state: u8, low: usize) -> Option<Node> {
        let (count, count_len) = if low != 0 {
            (low, 0)
        } else {
            // A count of 1 would be in the state byte, so 1 here stands for 256.
            match bytes[addr.checked_sub(1)?] {
                1 => (256, 1),
                n => (usize::from(n), 1),
            }
        };
        let sizes_at = addr.checked_sub(count_len + 1)?;
        let (size, output) = pack_sizes(bytes[sizes_at]);
        if size > 8 || output > 8 || (count > 0 && size == 0) {
            return None;
        }
        let index = if count > TRANS_INDEX_THRESHOLD {
            256
        } else {
            0
        };
        let is_final = state & 0b0100_0000 != 0;
        let final_output = if is_final { output } else { 0 };
        let transitions = count + count * size + index;
        let end = sizes_at.checked_sub(transitions + count * output + final_output)?;
        Some(Node {
            addr,
            end,
            outputs_end: sizes_at - transitions,
            output_size: output,
            kind: Kind::AnyTrans {
                first_at: sizes_at - index - count,
                size,
                count,
            },
        })
    }

    /// The addresses the transitions lead to, each below this node.
    fn targets(&self, bytes: &[u8]) -> Option<Vec<usize>> {
        let targets = match self.kind {
            Kind::OneTransNext => vec![self.end.checked_sub(1)?],
            Kind::OneTrans { at, size } => vec![self.delta_target(bytes, at, size)?],
            Kind::AnyTrans {
                first_at,
                size,
                count,
            } => (1..=count)
                .map(|i| self.delta_target(bytes, first_at - i * size, size))
                .collect::<Option<Vec<_>>>()?,
        };
        (targets.iter().all(|&t| t < self.end || t == EMPTY_ADDRESS) && self.end <= self.addr)
            .then_some(targets)
    }

    /// The largest of the node's outputs (transitions' and final), 0 if it has none.
    fn largest_output(&self, bytes: &[u8]) -> u64 {
        if self.output_size == 0 {
            return 0;
        }
        (bytes[self.end..self.outputs_end].chunks(self.output_size))
            .map(unpack)
            .max()
            .unwrap_or(0)
    }

    /// fst's `unpack_delta`: an address stored as its distance below this node's end.
    fn delta_target(&self, bytes: &[u8], at: usize, size: usize) -> Option<usize> {
        let delta = usize::try_from(unpack(bytes.get(at..at + size)?)).ok()?;
        if delta == EMPTY_ADDRESS {
            Some(EMPTY_ADDRESS)
        } else {
            self.end.checked_sub(delta)
        }
    }
}

/// The transition address size (high four bits) and output size (low four) of a node.
fn pack_sizes(byte: u8) -> (usize, usize) {
    (usize::from(byte >> 4), usize::from(byte & 0x0f))
}

fn unpack(le_bytes: &[u8]) -> u64 {
    (le_bytes.iter().enumerate()).fold(0, |n, (i, &b)| n | u64::from(b) << (8 * i))
}

fn read_u64(bytes: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(bytes.get(at..at + 8)?.try_into().ok()?))
}

#[cfg(test)]
mod tests {
    use fst::Streamer;

    use super::well_formed;

    fn fst_of(keys: &[&str]) -> Vec<u8> {
        let mut keys = keys.to_vec();
        keys.sort_unstable();
        let pairs = keys.iter().enumerate().map(|(i, k)| (k, i as u64 * 1000));
        fst::Map::from_iter(pairs).unwrap().into_fst().into_inner()
    }

    #[test]
    fn every_fst_the_builder_writes_is_well_formed() {
        // Many keys under one prefix give nodes with over 32 transitions (the indexed kind).
        let wide: Vec<String> = (0..=255u8).map(|b| format!("k{}", b as char)).collect();
        let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
        for keys in [
            &[][..],
            &["退款"],
            &["refund", "refunds", "账户", "账户冻结", "退款"],
            &wide,
        ] {
            assert!(well_formed(&fst_of(keys)), "{keys:?}");
        }
    }

    #[test]
    fn an_address_beyond_the_bytes_is_refused() {
        let mut bytes = fst_of(&["refund", "refunds", "退款"]);
        let len = bytes.len();
        // The root address, in the footer, pointed past the end.
        bytes[len - 12..len - 4].copy_from_slice(&(len as u64 * 2).to_le_bytes());
        assert!(!well_formed(&bytes));
    }

    #[test]
    fn damaged_nodes_are_refused_or_stay_inside_the_bytes() {
        // Flip each bit of every node byte in turn: whatever the check lets through, fst must
        // then read without panicking.
        let good = fst_of(&["refund", "refunds", "账户", "账户冻结", "退款", "退款到账"]);
        for at in 16..good.len() - 20 {
            for bit in 0..8 {
                let mut bytes = good.clone();
                bytes[at] ^= 1 << bit;
                if well_formed(&bytes) {
                    let map = fst::Map::new(bytes).unwrap();
                    let mut stream = map.stream();
                    while stream.next().is_some() {}
                    let _ = map.get("退款");
                }
            }
        }
    }
}
