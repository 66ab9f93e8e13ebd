//! Who a request comes from when reverse proxies stand in front of the server
//! (`[limits] trusted_proxies` in the site config).
//!
//! Behind nginx or a load balancer every request arrives from the proxy's address, so every
//! visitor would share one rate limit: thirty chats an hour for the whole site. A request from
//! a trusted proxy is counted under the client its `X-Forwarded-For` names instead: the
//! rightmost address that is not itself a trusted proxy, since everything left of that was
//! written by the client and can be forged. A request from anywhere else keeps its own
//! address, whatever it claims.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

/// An address range: `10.0.0.0/8`, `2001:db8::/32`, or one address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Network {
    /// The address as 128 bits (IPv4 mapped into IPv6), masked to its prefix.
    bits: u128,
    /// Prefix length over the 128 bits.
    prefix: u32,
}

impl Network {
    fn parse(text: &str) -> Result<Network, String> {
        let bad =
            || format!("trusted_proxies: {text:?} is not an address or a range like 10.0.0.0/8");
        let (address, prefix) = match text.trim().split_once('/') {
            Some((address, prefix)) => (address, Some(prefix)),
            None => (text.trim(), None),
        };
        let ip: IpAddr = address.parse().map_err(|_| bad())?;
        // An IPv4 prefix counts over the last 32 of the 128 bits.
        let offset = if ip.is_ipv4() { 96 } else { 0 };
        let prefix = match prefix {
            None => 128,
            Some(p) => match p.parse::<u32>().ok().and_then(|p| p.checked_add(offset)) {
                Some(p) if p <= 128 => p,
                _ => return Err(bad()),
            },
        };
        // Trusting every address would let any client choose whom it is counted as.
        if prefix <= offset {
            return Err(format!(
                "trusted_proxies: {text:?} trusts every address, so any client could say whom it \
                 is; list the proxies' own addresses or ranges"
            ));
        }
        Ok(Network {
            bits: as_bits(ip) & mask(prefix),
            prefix,
        })
    }

    fn contains(&self, ip: IpAddr) -> bool {
        as_bits(ip) & mask(self.prefix) == self.bits
    }
}

fn as_bits(ip: IpAddr) -> u128 {
    match ip {
        IpAddr::V4(v4) => u128::from(v4.to_ipv6_mapped()),
        IpAddr::V6(v6) => u128::from(v6.to_ipv4_mapped().map_or(v6, |v4| v4.to_ipv6_mapped())),
    }
}

fn mask(prefix: u32) -> u128 {
    u128::MAX.checked_shl(128 - prefix).unwrap_or(0)
}

/// An `X-Forwarded-For` entry's address: some load balancers add the port
/// (`203.0.113.7:4711`, `[2001:db8::1]:80`).
fn hop_address(hop: &str) -> Option<IpAddr> {
    (hop.parse::<IpAddr>().ok()).or_else(|| hop.parse::<SocketAddr>().ok().map(|a| a.ip()))
}

/// The proxies whose `X-Forwarded-For` the server believes.
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Vec<Network>);

impl TrustedProxies {
    pub fn parse(entries: &[String]) -> Result<TrustedProxies, String> {
        let networks = entries.iter().map(|e| Network::parse(e));
        Ok(TrustedProxies(networks.collect::<Result<_, _>>()?))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(ip))
    }

    /// The client a request from `peer` with `headers` comes from.
    pub fn client(&self, peer: SocketAddr, headers: &HeaderMap) -> SocketAddr {
        if !self.trusts(peer.ip()) {
            return peer;
        }
        // Every X-Forwarded-For header in order, each a comma-separated list; the client
        // first, each proxy appending the address it heard from.
        let hops: Vec<&str> = (headers.get_all("x-forwarded-for").iter())
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .collect();
        let mut client = peer.ip();
        for hop in hops.iter().rev() {
            // Something that is no address (`unknown`, garbage) ends what can be believed.
            let Some(ip) = hop_address(hop) else { break };
            client = ip;
            if !self.trusts(ip) {
                break;
            }
        }
        SocketAddr::new(client, 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies(entries: &[&str]) -> TrustedProxies {
        let entries: Vec<String> = entries.iter().map(|e| e.to_string()).collect();
        TrustedProxies::parse(&entries).unwrap()
    }

    fn forwarded(values: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for v in values {
            headers.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        headers
    }

    fn client(p: &TrustedProxies, peer: &str, values: &[&str]) -> String {
        let peer = SocketAddr::new(peer.parse().unwrap(), 40000);
        p.client(peer, &forwarded(values)).ip().to_string()
    }

    #[test]
    fn a_trusted_proxy_passes_on_its_client_and_no_one_else_can() {
        let p = proxies(&["10.0.0.0/8", "127.0.0.1"]);
        assert_eq!(client(&p, "127.0.0.1", &["203.0.113.7"]), "203.0.113.7");
        // Two proxies deep, and the client's own forged entry on the left is ignored.
        let chain = ["1.2.3.4, 203.0.113.7, 10.1.2.3"];
        assert_eq!(client(&p, "10.9.9.9", &chain), "203.0.113.7");
        assert_eq!(
            client(&p, "10.9.9.9", &["1.2.3.4, 203.0.113.7", "10.1.2.3"]),
            "203.0.113.7"
        );
        // A visitor talking to the server directly cannot choose whom they are counted as.
        assert_eq!(client(&p, "198.51.100.2", &["203.0.113.7"]), "198.51.100.2");
        // Nothing forwarded, or nothing believable: the proxy itself.
        assert_eq!(client(&p, "127.0.0.1", &[]), "127.0.0.1");
        assert_eq!(client(&p, "127.0.0.1", &["unknown"]), "127.0.0.1");
        assert_eq!(client(&p, "127.0.0.1", &["2001:db8::5"]), "2001:db8::5");
        assert_eq!(
            client(&p, "127.0.0.1", &["203.0.113.7:4711"]),
            "203.0.113.7"
        );
        assert_eq!(
            client(&p, "127.0.0.1", &["[2001:db8::5]:80"]),
            "2001:db8::5"
        );
        // No trusted proxies, the default: headers never count.
        assert_eq!(
            client(&proxies(&[]), "127.0.0.1", &["203.0.113.7"]),
            "127.0.0.1"
        );
    }

    #[test]
    fn ranges_match_by_their_prefix_in_either_family() {
        let p = proxies(&["192.168.0.0/16", "2001:db8::/32"]);
        assert!(p.trusts("192.168.200.1".parse().unwrap()));
        assert!(!p.trusts("192.169.0.1".parse().unwrap()));
        assert!(p.trusts("::ffff:192.168.1.1".parse().unwrap()));
        assert!(p.trusts("2001:db8:ffff::1".parse().unwrap()));
        assert!(!p.trusts("2001:db9::1".parse().unwrap()));
        for bad in [
            "10.0.0.0/33",
            "nginx",
            "10.0.0/8",
            "::/129",
            "1.2.3.4/x",
            "10.0.0.0/4294967295",
        ] {
            let err = TrustedProxies::parse(&[bad.to_string()]).unwrap_err();
            assert!(err.contains(bad), "{err}");
        }
        for everyone in ["0.0.0.0/0", "::/0"] {
            let err = TrustedProxies::parse(&[everyone.to_string()]).unwrap_err();
            assert!(err.contains("trusts every address"), "{err}");
        }
        let half = TrustedProxies::parse(&["0.0.0.0/1".into()]).unwrap();
        assert!(half.trusts("8.8.8.8".parse().unwrap()));
    }
}
