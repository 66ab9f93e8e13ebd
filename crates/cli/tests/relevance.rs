//! Relevance floors on the committed judgment set: `helpdock eval` on the demo content, as a
//! site owner would run it. A ranking change that loses ground fails here.
//!
//! The overall floors are the search issue's targets, Recall@1 ≥ 0.93 and Recall@3 ≥ 0.98; the
//! per-kind floors sit a little under what each kind reaches today (see BENCHMARKS.md), so a
//! change that trades one kind away for another fails too.

use std::path::Path;
use std::process::Command;

const OVERALL_RECALL_AT_1: f64 = 0.93;
const OVERALL_RECALL_AT_3: f64 = 0.98;
/// Per kind, Recall@3: initials are ambiguous by nature (tk: 退款? 提款? 贴卡?).
const KIND_RECALL_AT_3: &[(&str, f64)] = &[
    ("zh", 0.95),
    ("en", 0.95),
    ("pinyin", 0.95),
    ("initials", 0.90),
    ("typo", 0.95),
    ("traditional", 0.90),
    ("intent", 0.95),
];

/// The held-out set (`holdout-judgments.toml`), written later by someone who saw neither the
/// engine nor the first set: it checks that tuning on the first set generalizes. Its floors
/// sit under what it reaches today (0.938 / 0.993), not at the targets.
const HOLDOUT_RECALL_AT_1: f64 = 0.89;
const HOLDOUT_RECALL_AT_3: f64 = 0.98;

/// A help center of another trade (a mobile carrier's, `tests/relevance/telecom`), with its own
/// judgments, written blind: it checks that what the demo taught the engine carries over to
/// articles and words it has never seen. Floors under today's 0.892 / 0.975 (0.883 / 0.950
/// until 2026-12-02, when English words began to be weighed among the English articles only
/// and the built-in vocabulary got its "how much is left" group).
const TELECOM_RECALL_AT_1: f64 = 0.83;
const TELECOM_RECALL_AT_3: f64 = 0.94;

/// A third trade, an online marketplace's help center (`tests/relevance/shop`), written blind
/// on 2026-11-29 after the carrier's had been tuned on: first measured at 0.815 / 0.892, and
/// 0.823 / 0.931 after the general rules its misses showed (BENCHMARKS.md), 0.846 / 0.946 since
/// English words are weighed among the English articles only (2026-12-02). Floors under that.
const SHOP_RECALL_AT_1: f64 = 0.81;
const SHOP_RECALL_AT_3: f64 = 0.92;

/// A fourth, a ride-hailing app's (`tests/relevance/ride`, with zh-TW articles too), written
/// blind after the marketplace's: first 0.823 / 0.885, and 0.885 / 0.931 with the travel
/// words in the built-in vocabulary. Floors under that.
const RIDE_RECALL_AT_1: f64 = 0.85;
const RIDE_RECALL_AT_3: f64 = 0.90;

/// Two more, written blind on 2026-12-02 by a helper that saw neither the engine nor the other
/// sets: a bank's credit-card and mobile-banking help center (`tests/relevance/bank`) and a
/// food-delivery app's (`tests/relevance/food`), both with English and zh-TW articles. First
/// measured at 0.785 / 0.892 and 0.808 / 0.908; 0.846 / 0.923 and 0.877 / 0.946 after the
/// rules and vocabulary their misses showed (BENCHMARKS.md). Floors under that.
const BANK_RECALL_AT_1: f64 = 0.80;
const BANK_RECALL_AT_3: f64 = 0.89;
const FOOD_RECALL_AT_1: f64 = 0.83;
const FOOD_RECALL_AT_3: f64 = 0.91;

/// And two written after those rules, blind again, to see whether they carry over: a second
/// payment wallet's help center (`tests/relevance/wallet`), the reference customer's trade,
/// and a travel app's for foreigners in China, mostly in English (`tests/relevance/travel`).
/// First measured at 0.938 / 0.962 and 0.825 / 0.942 (0.931 / 0.962 and 0.817 / 0.925 with the
/// engine of the morning before), 0.954 / 0.985 and 0.850 / 0.975 with the vocabulary their
/// misses showed. Floors under that.
const WALLET_RECALL_AT_1: f64 = 0.91;
const WALLET_RECALL_AT_3: f64 = 0.95;
const TRAVEL_RECALL_AT_1: f64 = 0.80;
const TRAVEL_RECALL_AT_3: f64 = 0.93;

/// Two more, written blind on 2026-12-04 by helpers that saw neither the engine nor the other
/// sets: an insurer's help center (`tests/relevance/insurance`) and a parcel carrier's
/// (`tests/relevance/express`). First measured at 0.808 / 0.877 and 0.723 / 0.885, the lowest
/// first figures of any set; 0.846 / 0.915 and 0.808 / 0.938 after the rules and vocabulary
/// their misses showed (BENCHMARKS.md). Floors under that.
const INSURANCE_RECALL_AT_1: f64 = 0.80;
const INSURANCE_RECALL_AT_3: f64 = 0.88;
const EXPRESS_RECALL_AT_1: f64 = 0.77;
const EXPRESS_RECALL_AT_3: f64 = 0.90;

/// And two written while those rules were made, measured once they were done: a mobile game's
/// player support (`tests/relevance/game`) and an online school's (`tests/relevance/edu`).
/// First look 0.785 / 0.923 and 0.823 / 0.923; 0.792 / 0.931 for the game set after one rule
/// that lost there was dropped. Not tuned on. Floors under that.
const GAME_RECALL_AT_1: f64 = 0.75;
const GAME_RECALL_AT_3: f64 = 0.89;
const EDU_RECALL_AT_1: f64 = 0.78;
const EDU_RECALL_AT_3: f64 = 0.88;

/// Three more, written blind on 2026-12-04: a fund app's (`tests/relevance/fund`), a hospital
/// booking and pharmacy app's (`tests/relevance/health`) and a show and film ticketing app's
/// (`tests/relevance/ticket`). First look 0.785 / 0.946, 0.831 / 0.923 and 0.746 / 0.915;
/// 0.862 / 0.977, 0.846 / 0.962 and 0.831 / 0.969 after that day's vocabulary, rules and
/// ranking constants (BENCHMARKS.md). Floors under that.
const FUND_RECALL_AT_1: f64 = 0.81;
const FUND_RECALL_AT_3: f64 = 0.94;
const HEALTH_RECALL_AT_1: f64 = 0.80;
const HEALTH_RECALL_AT_3: f64 = 0.92;
const TICKET_RECALL_AT_1: f64 = 0.77;
const TICKET_RECALL_AT_3: f64 = 0.93;

/// Three more, written blind on 2026-12-04 (third session), nearer the reference customer: a
/// consumer-credit app's (`tests/relevance/credit`), a payment provider's merchant services
/// (`tests/relevance/merchant`, titles written as noun phrases) and a bill-payment and top-up
/// app's (`tests/relevance/bills`, FAQ pages). First look 0.838 / 0.969, 0.777 / 0.908 and
/// 0.892 / 0.946; 0.877 / 0.969, 0.808 / 0.931 and 0.915 / 0.969 after that session's vocabulary
/// and rules (BENCHMARKS.md). Floors under that.
const CREDIT_RECALL_AT_1: f64 = 0.83;
const CREDIT_RECALL_AT_3: f64 = 0.93;
const MERCHANT_RECALL_AT_1: f64 = 0.76;
const MERCHANT_RECALL_AT_3: f64 = 0.89;
const BILLS_RECALL_AT_1: f64 = 0.87;
const BILLS_RECALL_AT_3: f64 = 0.93;

/// Two more, written blind later the same session, larger: a payment wallet's with 100 articles
/// of close neighbours and 200 queries (`tests/relevance/bigwallet`), and a cross-border payment
/// service's with 20 English articles of 56 and 150 queries, a quarter of them English
/// (`tests/relevance/xborder`). First look 0.815 / 0.940 and 0.780 / 0.900 (0.810 / 0.930 and
/// 0.767 / 0.887 with the session's starting engine); 0.835 / 0.950 and 0.800 / 0.920 after.
const BIGWALLET_RECALL_AT_1: f64 = 0.79;
const BIGWALLET_RECALL_AT_3: f64 = 0.91;
const XBORDER_RECALL_AT_1: f64 = 0.75;
const XBORDER_RECALL_AT_3: f64 = 0.87;

/// Two more, written blind at the end of that session: an EV charging and parking app's
/// (`tests/relevance/charging`) and a short-video and live-streaming app's account and payment
/// support (`tests/relevance/social`). 0.823 / 0.923 and 0.838 / 0.977 on first sight (0.823 /
/// 0.923 and 0.823 / 0.969 with the session's starting engine); 0.838 / 0.938 and 0.846 / 0.985
/// after four vocabulary groups their English misses showed (parking, monthly pass, banned,
/// private).
const CHARGING_RECALL_AT_1: f64 = 0.78;
const CHARGING_RECALL_AT_3: f64 = 0.88;
const SOCIAL_RECALL_AT_1: f64 = 0.79;
const SOCIAL_RECALL_AT_3: f64 = 0.93;

/// Two more, written blind by helper sessions in the fifth session, before any change of that
/// session: a city-mobility app's (`tests/relevance/transit`: transit QR codes, shared bikes,
/// deposits, dispatch fees) and a second-hand marketplace's with escrow
/// (`tests/relevance/resale`: inspection, returns, disputes, payouts). 0.862 / 0.931 and 0.846
/// / 0.938 on first sight; 0.877 / 0.946 and 0.869 / 0.969 after the session's rules and
/// vocabulary (BENCHMARKS.md, "Relevance", fifth session).
const TRANSIT_RECALL_AT_1: f64 = 0.83;
const TRANSIT_RECALL_AT_3: f64 = 0.90;
const RESALE_RECALL_AT_1: f64 = 0.82;
const RESALE_RECALL_AT_3: f64 = 0.92;

/// Two more, written blind later that session: a city government-services app's
/// (`tests/relevance/gov`: social insurance, the housing fund, medical insurance, documents)
/// and a home-appliance brand's after-sales service (`tests/relevance/appliance`:
/// installation, repairs, warranties, error codes). 0.846 / 0.946 and 0.823 / 0.892 on first
/// sight; 0.862 / 0.985 and 0.838 / 0.931 after the vocabulary their English misses showed.
const GOV_RECALL_AT_1: f64 = 0.81;
const GOV_RECALL_AT_3: f64 = 0.94;
const APPLIANCE_RECALL_AT_1: f64 = 0.79;
const APPLIANCE_RECALL_AT_3: f64 = 0.88;

/// The session's blind check, written after the rules and vocabulary above and not tuned on: a
/// securities brokerage's (`tests/relevance/broker`) and a residential property manager's
/// (`tests/relevance/property`). 0.831 / 0.892 and 0.854 / 0.923 on first sight (0.831 / 0.892
/// and 0.823 / 0.892 with the session's starting engine); 0.854 / 0.946 and 0.908 / 0.969 after
/// the vocabulary their English misses then showed (stocks, a residential community).
const BROKER_RECALL_AT_1: f64 = 0.79;
const BROKER_RECALL_AT_3: f64 = 0.85;
const PROPERTY_RECALL_AT_1: f64 = 0.81;
const PROPERTY_RECALL_AT_3: f64 = 0.87;

/// The session's last blind check, written after all of the above: a self-drive car rental's
/// (`tests/relevance/carrental`) and a cloud drive's with paid membership
/// (`tests/relevance/clouddrive`). 0.762 / 0.869 and 0.831 / 0.931 on first sight (0.754 /
/// 0.838 and 0.815 / 0.908 with the session's starting engine); 0.823 / 0.923 and 0.862 /
/// 0.962 after the vocabulary their misses showed (renting, files in the cloud).
const CARRENTAL_RECALL_AT_1: f64 = 0.72;
const CARRENTAL_RECALL_AT_3: f64 = 0.83;
const CLOUDDRIVE_RECALL_AT_1: f64 = 0.79;
const CLOUDDRIVE_RECALL_AT_3: f64 = 0.89;

/// A last pair, written after all of the above and measured before the two changes that
/// followed (the other-language factor at 0.7, misspelled requests read through the
/// vocabulary): a shared power-bank service's (`tests/relevance/powerbank`) and a digital-RMB
/// wallet's (`tests/relevance/ecny`). 0.808 / 0.900 and 0.885 / 0.954 on first sight (0.800 /
/// 0.900 and 0.885 / 0.954 with the session's starting engine), and the same after. Not
/// tuned on that session. The next one added the Taiwan word 行动电源 to the vocabulary's
/// power-bank group after reading its misses (0.808 / 0.908 → 0.831 / 0.923, three
/// traditional queries): the floor holds that gain.
const POWERBANK_RECALL_AT_1: f64 = 0.82;
const POWERBANK_RECALL_AT_3: f64 = 0.88;
const ECNY_RECALL_AT_1: f64 = 0.84;
const ECNY_RECALL_AT_3: f64 = 0.91;

/// Two more, written on 2026-12-05 at the start of the session that changed the IDF of a
/// minority locale's words and measured before anything else was: a highway-toll (ETC)
/// service's (`tests/relevance/etc`) and a short-video and live-streaming app's
/// (`tests/relevance/livestream`). First sight with the session's starting engine 0.831 /
/// 0.923 and 0.862 / 0.938; with the session's first changes, still blind, 0.838 / 0.923 and
/// 0.862 / 0.938; then 0.869 / 0.969 and 0.885 / 0.969 after the vocabulary their English
/// misses showed (plates, lanes, barriers, tolls, blocking a user, reach): the floors hold
/// that gain.
const ETC_RECALL_AT_1: f64 = 0.85;
const ETC_RECALL_AT_3: f64 = 0.95;
const LIVESTREAM_RECALL_AT_1: f64 = 0.87;
const LIVESTREAM_RECALL_AT_3: f64 = 0.95;

/// And two written later that session, after its engine changes and the vocabulary above: a
/// recruiting app's (`tests/relevance/jobs`) and a smart-home app's
/// (`tests/relevance/smarthome`). First sight 0.885 / 0.946 for both, with the session's
/// starting engine and with its changes alike (they moved neither); 0.938 / 0.985 and 0.908 /
/// 0.969 after the vocabulary their misses showed (résumés, recruiters, job posts,
/// interviews, memory cards, motion alerts, robot vacuums, routers, resets).
const JOBS_RECALL_AT_1: f64 = 0.92;
const JOBS_RECALL_AT_3: f64 = 0.96;
const SMARTHOME_RECALL_AT_1: f64 = 0.89;
const SMARTHOME_RECALL_AT_3: f64 = 0.95;

/// And a last pair that session, written after all of the above: a home-services app's
/// (`tests/relevance/homeservice`: cleaners, nannies, movers) and a fitness club's
/// (`tests/relevance/gym`). First sight 0.831 / 0.892 (0.823 / 0.892 with the session's
/// starting engine: `prepaid card`, added for the ETC set, found one more) and 0.846 / 0.908
/// (the same with the starting engine); 0.885 / 0.946 and 0.862 / 0.931 after the vocabulary
/// their misses showed (cleaning, the worker, no-shows, nannies, moving, pests, tips, towels,
/// holidays).
const HOMESERVICE_RECALL_AT_1: f64 = 0.87;
const HOMESERVICE_RECALL_AT_3: f64 = 0.93;
const GYM_RECALL_AT_1: f64 = 0.85;
const GYM_RECALL_AT_3: f64 = 0.92;

/// Four written together on 2026-12-05 (second session), blind: a pet-care app's
/// (`tests/relevance/pet`), a car park's (`parking`), an airline's (`airline`) and a rental
/// platform's (`rental`). First sight 0.800 / 0.908, 0.808 / 0.954, 0.762 / 0.900 and 0.738 /
/// 0.885; 0.846 / 0.977, 0.838 / 0.985, 0.823 / 0.931 and 0.823 / 0.923 after the vocabulary
/// their misses showed (vaccines, boarding, grooming, chargers, finding the car, check-in,
/// miles, upgrades, the rent, moving out, subletting, roommates), after 租 alone stopped being
/// a phrase (every query with 房租 searched 租赁 too) and after two-word English phrases
/// began to match either way round (`refund my ticket`).
const PET_RECALL_AT_1: f64 = 0.83;
const PET_RECALL_AT_3: f64 = 0.95;
const PARKING_RECALL_AT_1: f64 = 0.82;
const PARKING_RECALL_AT_3: f64 = 0.96;
const AIRLINE_RECALL_AT_1: f64 = 0.80;
const AIRLINE_RECALL_AT_3: f64 = 0.91;
const RENTAL_RECALL_AT_1: f64 = 0.80;
const RENTAL_RECALL_AT_3: f64 = 0.90;

/// And three written while those four were tuned on: a hotel chain's (`hotel`), a streaming
/// membership's (`streaming`) and a car-care app's (`carcare`). Their first sight, 0.808 /
/// 0.877, 0.854 / 0.931 and 0.846 / 0.923, was the same with and without the four trades'
/// vocabulary; 0.869 / 0.923, 0.923 / 0.969 and 0.877 / 0.954 after words any trade uses
/// (不想要了 for cancelling, things left behind, playback that fails, foreigners) and their
/// own (checking out, staying on, buffering, picture quality, servicing, tyres, inspections).
const HOTEL_RECALL_AT_1: f64 = 0.85;
const HOTEL_RECALL_AT_3: f64 = 0.90;
const STREAMING_RECALL_AT_1: f64 = 0.90;
const STREAMING_RECALL_AT_3: f64 = 0.95;
const CARCARE_RECALL_AT_1: f64 = 0.86;
const CARCARE_RECALL_AT_3: f64 = 0.93;

/// And two written last, after every change above: an online pharmacy's (`pharmacy`) and a
/// used-car marketplace's (`usedcar`). First sight 0.723 / 0.877 and 0.738 / 0.862, with the
/// session's starting engine and with all its changes alike; 0.754 / 0.908 and 0.746 / 0.877
/// after words any trade uses (when it arrives, sent the wrong thing, out of stock, reminders,
/// a down payment, what it is worth).
const PHARMACY_RECALL_AT_1: f64 = 0.73;
const PHARMACY_RECALL_AT_3: f64 = 0.88;
const USEDCAR_RECALL_AT_1: f64 = 0.72;
const USEDCAR_RECALL_AT_3: f64 = 0.85;

/// Five help centers of long articles (700 to 1,500 characters, sections and a FAQ each, the
/// neighbouring topics mentioned in passing) with few tags, a third of them none, as busy site
/// owners write them, written blind: a driving school (`drivingschool`), a phone maker's
/// after-sales service (`phoneservice`), a furniture store (`furniture`), then, written after
/// the title boost was made on those three, an electric-bicycle brand (`ebike`) and a fresh
/// grocery app (`grocery`). First sight 0.762 / 0.877, 0.785 / 0.915, 0.762 / 0.908, 0.831 /
/// 0.931 and 0.800 / 0.931; with the English dictionary and the title boost among long
/// articles (`scoring::title_boost`) 0.815 / 0.931, 0.831 / 0.915, 0.808 / 0.931, 0.854 /
/// 0.923 and 0.831 / 0.938.
const LONG_ARTICLE_FLOORS: [(&str, f64, f64); 5] = [
    ("drivingschool", 0.80, 0.91),
    ("phoneservice", 0.81, 0.90),
    ("furniture", 0.79, 0.91),
    ("ebike", 0.84, 0.91),
    ("grocery", 0.81, 0.92),
];

/// Six help centers not written in simplified Chinese, written blind: three in English only, a
/// money-transfer app (`en-moneyapp`), a fashion retailer (`en-fashion`) and a food-delivery app
/// (`en-delivery`), with English queries, English typos and a few Chinese ones; three in
/// traditional Chinese first, a Taiwan wallet (`tw-wallet`), a Hong Kong carrier and a Hong Kong
/// e-wallet in Hong Kong wording and written Cantonese (`hk-telecom`, `hk-wallet`), with
/// mainland visitors' simplified queries too. First sight 0.754 / 0.862, 0.723 / 0.869,
/// 0.838 / 0.954 and 0.692 / 0.862 for the first four; with English word families
/// (`tokenizer::word_family`), Cantonese question words and the support vocabulary's British
/// wording 0.762 / 0.892, 0.754 / 0.885, 0.838 / 0.954 and 0.685 / 0.862. `en-delivery` and
/// `hk-wallet` were written after those rules, as a blind check: 0.777 / 0.915 and 0.746 / 0.862
/// without them, 0.785 / 0.931 and 0.746 / 0.869 with them. With homophone slips kept off
/// particles, pinyin that spells a vocabulary word the site says otherwise, and Hong Kong's
/// 增值 and 報失 in the vocabulary, the six read 0.762 / 0.892, 0.754 / 0.885, 0.785 / 0.931,
/// 0.838 / 0.962, 0.723 / 0.892 and 0.777 / 0.892; with Taiwan's 提領 and Hong Kong's 過數,
/// 入錢, 俾錢, 舖頭, 一次性密碼 and 短訊 in the vocabulary, `tw-wallet` 0.854 / 0.969 and
/// `hk-wallet` 0.808 / 0.923.
const OTHER_SCRIPT_FLOORS: [(&str, f64, f64); 6] = [
    ("en-moneyapp", 0.74, 0.87),
    ("en-fashion", 0.73, 0.86),
    ("en-delivery", 0.76, 0.91),
    ("tw-wallet", 0.83, 0.95),
    ("hk-telecom", 0.70, 0.87),
    ("hk-wallet", 0.78, 0.90),
];

/// Seven more trades, written blind. First four: an intra-city freight and moving app
/// (`freight`), a personal income tax app (`tax`), a used-phone trade-in platform (`recycle`)
/// and a buy-now-pay-later credit product (`bnpl`). First sight 0.900 / 0.962, 0.800 / 0.923,
/// 0.723 / 0.854 and 0.854 / 0.962; 0.900 / 0.962, 0.823 / 0.946, 0.746 / 0.869 and 0.877 /
/// 0.977 after words any trade uses (binding a card, a mortgage, a year-end bonus, a cracked
/// screen, a baby, the minimum repayment, Taiwan's 門市 and 提領), a phrase no longer swapped
/// for the site's word where that breaks another (`屏碎了`), initials that also spell a
/// syllable (`te`), a 吗 typed for a code and English slips read as vocabulary words. Then,
/// as a blind check of those rules, a home broadband provider (`broadband`), a coffee chain's
/// ordering app (`coffee`) and a dental clinic chain (`dental`): 0.831 / 0.938, 0.908 / 0.954
/// and 0.792 / 0.892 with the engine before them, 0.831 / 0.946, 0.908 / 0.954 and 0.792 /
/// 0.892 with them.
const NEWER_TRADE_FLOORS: [(&str, f64, f64); 7] = [
    ("freight", 0.88, 0.94),
    ("tax", 0.80, 0.92),
    ("recycle", 0.72, 0.85),
    ("bnpl", 0.85, 0.95),
    ("broadband", 0.81, 0.92),
    ("coffee", 0.88, 0.93),
    ("dental", 0.77, 0.87),
];

/// Three more trades, written blind after the rules above, as a check of the engine on
/// help centers nobody tuned it for: a university campus card app (`campus`), a
/// paid-membership warehouse club (`club`) and a travel SIM and eSIM provider (`esim`). First
/// sight, with the engine before the session's English rules (a smaller language's words
/// rescaled halfway, English support words the dictionary lacks): 0.854 / 0.954, 0.808 /
/// 0.923 and 0.838 / 0.931; with them, 0.862 / 0.954, 0.808 / 0.923 and 0.838 / 0.931. Then
/// 0.869 / 0.962, 0.815 / 0.931 and 0.869 / 0.962 after the vocabulary their misses showed
/// any trade lacks (绑卡 as 绑定, 包邮, 翻墙, `hotspot`, `compatible`).
const BLIND_CHECK_FLOORS: [(&str, f64, f64); 3] = [
    ("campus", 0.85, 0.94),
    ("club", 0.79, 0.91),
    ("esim", 0.85, 0.94),
];

/// `helpdock eval --json` on a judgment file under tests/relevance, against the demo content.
fn eval(judgments: &str) -> serde_json::Value {
    eval_on("content", judgments)
}

/// `helpdock eval --json` on `judgments` (under tests/relevance) against a build of `content`
/// (relative to the repository root).
fn eval_on(content: &str, judgments: &str) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("help");
    helpdock_indexer::build(&root.join(content), &out).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_helpdock"))
        .arg("eval")
        .arg(root.join("tests/relevance").join(judgments))
        .arg("--index")
        .arg(out.join("index.bin"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// `helpdock eval --json` on the judged help center `tests/relevance/<set>`: its `content/`
/// and its `judgments.toml`.
fn eval_set(set: &str) -> serde_json::Value {
    eval_on(
        &format!("tests/relevance/{set}/content"),
        &format!("{set}/judgments.toml"),
    )
}

/// The report's overall figures: at least `min_queries` judged, and both recalls at their floors.
/// Evaluates each judged set of `floors` and asserts its floors, naming the set that falls.
fn assert_sets_meet(floors: &[(&str, f64, f64)]) {
    for &(set, at_1, at_3) in floors {
        eprintln!("{set}");
        assert_overall(&eval_set(set), 120, at_1, at_3);
    }
}

fn assert_overall(report: &serde_json::Value, min_queries: u64, floor_at_1: f64, floor_at_3: f64) {
    let overall = &report["overall"];
    assert!(overall["queries"].as_u64().unwrap() >= min_queries);
    let r1 = overall["recall_at_1"].as_f64().unwrap();
    let r3 = overall["recall_at_3"].as_f64().unwrap();
    assert!(r1 >= floor_at_1, "Recall@1 {r1:.3} < {floor_at_1}");
    assert!(r3 >= floor_at_3, "Recall@3 {r3:.3} < {floor_at_3}");
}

#[test]
fn the_held_out_judgments_meet_their_floors() {
    let report = eval("holdout-judgments.toml");
    assert_overall(&report, 140, HOLDOUT_RECALL_AT_1, HOLDOUT_RECALL_AT_3);
}

#[test]
fn another_trades_help_center_meets_its_floors() {
    let report = eval_set("telecom");
    assert_overall(&report, 100, TELECOM_RECALL_AT_1, TELECOM_RECALL_AT_3);
}

#[test]
fn a_marketplace_help_center_meets_its_floors() {
    let report = eval_set("shop");
    assert_overall(&report, 120, SHOP_RECALL_AT_1, SHOP_RECALL_AT_3);
}

#[test]
fn a_ride_hailing_help_center_meets_its_floors() {
    let report = eval_set("ride");
    assert_overall(&report, 120, RIDE_RECALL_AT_1, RIDE_RECALL_AT_3);
}

#[test]
fn a_bank_help_center_meets_its_floors() {
    let report = eval_set("bank");
    assert_overall(&report, 120, BANK_RECALL_AT_1, BANK_RECALL_AT_3);
}

#[test]
fn a_food_delivery_help_center_meets_its_floors() {
    let report = eval_set("food");
    assert_overall(&report, 120, FOOD_RECALL_AT_1, FOOD_RECALL_AT_3);
}

#[test]
fn a_second_wallet_help_center_meets_its_floors() {
    let report = eval_set("wallet");
    assert_overall(&report, 120, WALLET_RECALL_AT_1, WALLET_RECALL_AT_3);
}

#[test]
fn a_travel_help_center_mostly_in_english_meets_its_floors() {
    let report = eval_set("travel");
    assert_overall(&report, 110, TRAVEL_RECALL_AT_1, TRAVEL_RECALL_AT_3);
}

#[test]
fn an_insurers_help_center_meets_its_floors() {
    let report = eval_set("insurance");
    assert_overall(&report, 120, INSURANCE_RECALL_AT_1, INSURANCE_RECALL_AT_3);
}

#[test]
fn a_parcel_carriers_help_center_meets_its_floors() {
    let report = eval_set("express");
    assert_overall(&report, 120, EXPRESS_RECALL_AT_1, EXPRESS_RECALL_AT_3);
}

#[test]
fn a_games_player_support_meets_its_floors() {
    let report = eval_set("game");
    assert_overall(&report, 120, GAME_RECALL_AT_1, GAME_RECALL_AT_3);
}

#[test]
fn an_online_schools_help_center_meets_its_floors() {
    let report = eval_set("edu");
    assert_overall(&report, 120, EDU_RECALL_AT_1, EDU_RECALL_AT_3);
}

#[test]
fn a_fund_apps_help_center_meets_its_floors() {
    let report = eval_set("fund");
    assert_overall(&report, 120, FUND_RECALL_AT_1, FUND_RECALL_AT_3);
}

#[test]
fn a_hospital_booking_apps_help_center_meets_its_floors() {
    let report = eval_set("health");
    assert_overall(&report, 120, HEALTH_RECALL_AT_1, HEALTH_RECALL_AT_3);
}

#[test]
fn a_ticketing_apps_help_center_meets_its_floors() {
    let report = eval_set("ticket");
    assert_overall(&report, 120, TICKET_RECALL_AT_1, TICKET_RECALL_AT_3);
}

#[test]
fn a_consumer_credit_apps_help_center_meets_its_floors() {
    let report = eval_set("credit");
    assert_overall(&report, 120, CREDIT_RECALL_AT_1, CREDIT_RECALL_AT_3);
}

#[test]
fn a_merchant_services_help_center_meets_its_floors() {
    let report = eval_set("merchant");
    assert_overall(&report, 120, MERCHANT_RECALL_AT_1, MERCHANT_RECALL_AT_3);
}

#[test]
fn a_bill_payment_apps_help_center_meets_its_floors() {
    let report = eval_set("bills");
    assert_overall(&report, 120, BILLS_RECALL_AT_1, BILLS_RECALL_AT_3);
}

#[test]
fn a_large_wallet_help_center_meets_its_floors() {
    let report = eval_set("bigwallet");
    assert_overall(&report, 190, BIGWALLET_RECALL_AT_1, BIGWALLET_RECALL_AT_3);
}

#[test]
fn a_cross_border_payment_services_help_center_meets_its_floors() {
    let report = eval_set("xborder");
    assert_overall(&report, 140, XBORDER_RECALL_AT_1, XBORDER_RECALL_AT_3);
}

#[test]
fn an_ev_charging_apps_help_center_meets_its_floors() {
    let report = eval_set("charging");
    assert_overall(&report, 120, CHARGING_RECALL_AT_1, CHARGING_RECALL_AT_3);
}

#[test]
fn a_streaming_apps_help_center_meets_its_floors() {
    let report = eval_set("social");
    assert_overall(&report, 120, SOCIAL_RECALL_AT_1, SOCIAL_RECALL_AT_3);
}

#[test]
fn a_city_mobility_apps_help_center_meets_its_floors() {
    let report = eval_set("transit");
    assert_overall(&report, 120, TRANSIT_RECALL_AT_1, TRANSIT_RECALL_AT_3);
}

#[test]
fn a_second_hand_marketplaces_help_center_meets_its_floors() {
    let report = eval_set("resale");
    assert_overall(&report, 120, RESALE_RECALL_AT_1, RESALE_RECALL_AT_3);
}

#[test]
fn a_public_services_apps_help_center_meets_its_floors() {
    let report = eval_set("gov");
    assert_overall(&report, 120, GOV_RECALL_AT_1, GOV_RECALL_AT_3);
}

#[test]
fn an_appliance_brands_after_sales_help_center_meets_its_floors() {
    let report = eval_set("appliance");
    assert_overall(&report, 120, APPLIANCE_RECALL_AT_1, APPLIANCE_RECALL_AT_3);
}

#[test]
fn a_brokerages_help_center_meets_its_floors() {
    let report = eval_set("broker");
    assert_overall(&report, 120, BROKER_RECALL_AT_1, BROKER_RECALL_AT_3);
}

#[test]
fn a_property_managers_help_center_meets_its_floors() {
    let report = eval_set("property");
    assert_overall(&report, 120, PROPERTY_RECALL_AT_1, PROPERTY_RECALL_AT_3);
}

#[test]
fn a_car_rentals_help_center_meets_its_floors() {
    let report = eval_set("carrental");
    assert_overall(&report, 120, CARRENTAL_RECALL_AT_1, CARRENTAL_RECALL_AT_3);
}

#[test]
fn a_cloud_drives_help_center_meets_its_floors() {
    let report = eval_set("clouddrive");
    assert_overall(&report, 120, CLOUDDRIVE_RECALL_AT_1, CLOUDDRIVE_RECALL_AT_3);
}

#[test]
fn a_power_bank_services_help_center_meets_its_floors() {
    let report = eval_set("powerbank");
    assert_overall(&report, 120, POWERBANK_RECALL_AT_1, POWERBANK_RECALL_AT_3);
}

#[test]
fn a_digital_rmb_wallets_help_center_meets_its_floors() {
    let report = eval_set("ecny");
    assert_overall(&report, 120, ECNY_RECALL_AT_1, ECNY_RECALL_AT_3);
}

#[test]
fn a_highway_toll_services_help_center_meets_its_floors() {
    let report = eval_set("etc");
    assert_overall(&report, 120, ETC_RECALL_AT_1, ETC_RECALL_AT_3);
}

#[test]
fn a_live_streaming_apps_help_center_meets_its_floors() {
    let report = eval_set("livestream");
    assert_overall(&report, 120, LIVESTREAM_RECALL_AT_1, LIVESTREAM_RECALL_AT_3);
}

#[test]
fn a_recruiting_apps_help_center_meets_its_floors() {
    let report = eval_set("jobs");
    assert_overall(&report, 120, JOBS_RECALL_AT_1, JOBS_RECALL_AT_3);
}

#[test]
fn a_smart_home_apps_help_center_meets_its_floors() {
    let report = eval_set("smarthome");
    assert_overall(&report, 120, SMARTHOME_RECALL_AT_1, SMARTHOME_RECALL_AT_3);
}

#[test]
fn a_home_services_apps_help_center_meets_its_floors() {
    let report = eval_set("homeservice");
    assert_overall(
        &report,
        120,
        HOMESERVICE_RECALL_AT_1,
        HOMESERVICE_RECALL_AT_3,
    );
}

#[test]
fn a_fitness_clubs_help_center_meets_its_floors() {
    let report = eval_set("gym");
    assert_overall(&report, 120, GYM_RECALL_AT_1, GYM_RECALL_AT_3);
}

#[test]
fn a_pet_care_apps_help_center_meets_its_floors() {
    let report = eval_set("pet");
    assert_overall(&report, 120, PET_RECALL_AT_1, PET_RECALL_AT_3);
}

#[test]
fn a_car_parks_help_center_meets_its_floors() {
    let report = eval_set("parking");
    assert_overall(&report, 120, PARKING_RECALL_AT_1, PARKING_RECALL_AT_3);
}

#[test]
fn an_airlines_help_center_meets_its_floors() {
    let report = eval_set("airline");
    assert_overall(&report, 120, AIRLINE_RECALL_AT_1, AIRLINE_RECALL_AT_3);
}

#[test]
fn a_rental_platforms_help_center_meets_its_floors() {
    let report = eval_set("rental");
    assert_overall(&report, 120, RENTAL_RECALL_AT_1, RENTAL_RECALL_AT_3);
}

#[test]
fn a_hotel_chains_help_center_meets_its_floors() {
    let report = eval_set("hotel");
    assert_overall(&report, 120, HOTEL_RECALL_AT_1, HOTEL_RECALL_AT_3);
}

#[test]
fn a_streaming_memberships_help_center_meets_its_floors() {
    let report = eval_set("streaming");
    assert_overall(&report, 120, STREAMING_RECALL_AT_1, STREAMING_RECALL_AT_3);
}

#[test]
fn a_car_care_apps_help_center_meets_its_floors() {
    let report = eval_set("carcare");
    assert_overall(&report, 120, CARCARE_RECALL_AT_1, CARCARE_RECALL_AT_3);
}

#[test]
fn an_online_pharmacys_help_center_meets_its_floors() {
    let report = eval_set("pharmacy");
    assert_overall(&report, 120, PHARMACY_RECALL_AT_1, PHARMACY_RECALL_AT_3);
}

#[test]
fn a_used_car_marketplaces_help_center_meets_its_floors() {
    let report = eval_set("usedcar");
    assert_overall(&report, 120, USEDCAR_RECALL_AT_1, USEDCAR_RECALL_AT_3);
}

#[test]
fn help_centers_of_long_articles_meet_their_floors() {
    assert_sets_meet(&LONG_ARTICLE_FLOORS);
}

#[test]
fn help_centers_in_english_and_in_traditional_chinese_meet_their_floors() {
    assert_sets_meet(&OTHER_SCRIPT_FLOORS);
}

#[test]
fn the_demo_judgments_meet_the_relevance_floors() {
    let report = eval("demo-judgments.toml");
    assert_overall(&report, 200, OVERALL_RECALL_AT_1, OVERALL_RECALL_AT_3);
    for (kind, floor) in KIND_RECALL_AT_3 {
        let r3 = report["by_kind"][kind]["recall_at_3"]
            .as_f64()
            .unwrap_or(0.0);
        assert!(r3 >= *floor, "{kind}: Recall@3 {r3:.3} < {floor}");
    }
}

#[test]
fn seven_more_trades_written_blind_meet_their_floors() {
    assert_sets_meet(&NEWER_TRADE_FLOORS);
}

#[test]
fn three_trades_written_blind_as_a_check_meet_their_floors() {
    assert_sets_meet(&BLIND_CHECK_FLOORS);
}
