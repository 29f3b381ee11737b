//! The channel changes a cut's or a same-money move's own words name, for a
//! scenario that types no `changes`: power-tools' "Group cut (−€1.2m)"
//! says "LinkedIn halved, trade press cut by €150k, three vans instead of
//! four, co-op −€300k". Spread in the planned mix, its row showed web-shop
//! revenue falling though it cuts no web-shop channel; read from its words,
//! exactly those four channels move and every other keeps the plan's budget.
//!
//! Per clause: the channel it names and its change — an amount, a
//! percentage, a fraction word ("halved", "a third"), a count ("three vans
//! instead of four"), or a move ("move €250k from A to B"). Channels a
//! sentence keeps whole ("referral, SEO and podcasts kept whole") do not
//! move. A named channel with no size shares what the sized ones leave of
//! the budget's difference, pro rata to its budget. Where the sizes miss
//! the difference and nothing unsized absorbs it, a cut's items cut what
//! they say and the rest comes pro rata from the channels they do not name
//! (the row says how much is itemised); where even that cannot be — words
//! that cut more than the budget does, or a move inside a cut — nothing is
//! guessed: the scenario stays in the planned mix and
//! `scenario-words-unsized` says so. A same-money move ("shift £400k from
//! paid social to referral", "move €250k from trade press to a fifth demo
//! van") moves its amount from one channel to the other — at the deck's
//! one figure where the plan's words price the thing differently and a
//! typed figure settles it (power-tools' van: €250k in the move, €350k in
//! the ask, `plan::words_prices`), so its row, its quote and the ask slide
//! show one price.

use rust_decimal::Decimal;

use crate::plan::{Channel, Plan, Scenario};

/// What a scenario's words say about where its money goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Placed {
    /// Per channel id (in the plan's order), its change, which together
    /// make the whole difference from the plan's total.
    Words {
        changes: Vec<(String, Decimal)>,
        how: How,
    },
    /// The words size channel changes adding to `said`, which misses the
    /// budget's difference `diff` with nothing to take the rest.
    Short { said: Decimal, diff: Decimal },
}

/// How the changes of [`Placed::Words`] follow from the words, for the
/// row to say in a board's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum How {
    /// Exactly as described.
    AsSaid,
    /// The items size `itemised` of the cut; the rest is cut from the
    /// funded channels they do not name, pro rata to their budgets
    /// ("LinkedIn halved, trade press cut by €150k, three vans instead of
    /// four, co-op −€300k": €975k of a €1.2M cut).
    Rest {
        items: Vec<(String, Decimal)>,
        diff: Decimal,
    },
}

/// The channel changes a cut's or a same-money move's words name (`None`:
/// it types `changes`, is above the plan's total — `scenario_aim` reads
/// increases — is at the total with no move its words state, or its words
/// size no channel).
///
/// Read once per scenario (`plan::memo`): two dozen figures and rules ask
/// for each scenario's changes a check, and each reading split and matched
/// every sentence of its words against every channel. The key is the
/// scenario's own fields, so a scenario that is not one of the plan's (an
/// ask's money put on the channels) is read by its own words too.
pub fn read(plan: &Plan, s: &Scenario) -> Option<Placed> {
    let key = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{}\u{1f}{}",
        s.id.value,
        s.name,
        s.description.as_deref().unwrap_or_default(),
        s.budget.value,
        s.changes.len()
    );
    let placed = plan.memo.get("figures::scenario_words::read", &key, || {
        read_direct(plan, s)
    });
    placed.as_ref().clone()
}

/// [`read`], worked out from the words each time (the memo's reference).
pub fn read_direct(plan: &Plan, s: &Scenario) -> Option<Placed> {
    let total = plan.budget.total.value;
    if !s.changes.is_empty() || s.budget.value > total {
        return None;
    }
    let diff = s.budget.value - total;
    let description = s.description.as_deref().unwrap_or_default();
    let text = format!("{}. {description}", s.name);
    let reader = Reader::new(plan, diff);
    let sentences = split(&text, &[". ", "; ", ": ", " – ", " — "]);
    // A move names both ends and its amount: at the plan's total it is the
    // whole of what the scenario does, whatever else its words say ("raise
    // the referral reward to £50 each side" is a price, not a budget).
    // Each move with its sentence: a price the words settle is its own
    // sentence's, not every move's of that amount.
    let moves: Vec<(usize, Decimal, &str)> = sentences
        .iter()
        .flat_map(|t| {
            reader
                .moves(t)
                .into_iter()
                .map(move |(i, d)| (i, d, t.as_str()))
        })
        .collect();
    let tolerance = (diff.abs() * Decimal::new(2, 2)).max(Decimal::ONE_THOUSAND);
    if !moves.is_empty() {
        // A cut that only moves money leaves its cut unplaced.
        let said: Decimal = moves.iter().map(|(_, d, _)| *d).sum();
        if (diff - said).abs() > tolerance {
            return Some(Placed::Short { said, diff });
        }
        return moved(plan, s, &reader, moves);
    }
    if diff.is_zero() {
        return None;
    }
    let mut sized: Vec<(usize, Decimal)> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    // Channels a sentence keeps whole: never where the rest of a partly
    // itemised cut comes from ("…; referral and SEO kept whole").
    let mut kept: Vec<usize> = Vec::new();
    for t in &sentences {
        // A sentence that keeps channels whole sizes none of them; a
        // channel another sentence changes still changes ("Skip SPS
        // Nuremberg; keep the other shows": the rest of the shows).
        if keeps(t) {
            kept.extend(reader.named(t));
            continue;
        }
        // "€180k of Porto launch and OTA money held back": one amount
        // over the channels it is "of", pro rata to their budgets.
        if let Some(parts) = reader.of_many(t) {
            sized.extend(parts);
            continue;
        }
        for clause in split(t, &[", ", " and ", " & "]) {
            let named = reader.named(&clause);
            match (named.as_slice(), reader.size(&clause, &named)) {
                ([i], Some(d)) => sized.push((*i, d)),
                (list, None) => open.extend(list),
                _ => {}
            }
        }
    }
    // A channel sized twice takes its first size; one both sized and
    // unsized is sized.
    let mut seen = Vec::new();
    sized.retain(|(i, _)| {
        let new = !seen.contains(i);
        seen.push(*i);
        new
    });
    let mut unique = Vec::new();
    for i in open {
        if !seen.contains(&i) && !unique.contains(&i) {
            unique.push(i);
        }
    }
    if sized.is_empty() && unique.is_empty() {
        return None;
    }
    let said: Decimal = sized.iter().map(|(_, d)| *d).sum();
    let rest = diff - said;
    let mut changes = sized;
    let mut how = How::AsSaid;
    if !unique.is_empty() && rest.abs() > tolerance {
        match share(&reader.channels, &unique, rest) {
            Some(parts) => changes.extend(parts),
            None => return Some(Placed::Short { said, diff }),
        }
    } else if rest.abs() > tolerance {
        // Items that size part of a cut: they cut what they say, and the
        // rest, which no item places, comes from the funded channels they
        // leave alone, pro rata — nearer what the words say than spreading
        // the whole cut over the planned mix (which cuts channels the
        // words never name and leaves the named ones short).
        let others: Vec<usize> = (0..reader.channels.len())
            .filter(|i| !reader.channels[*i].budget.value.is_zero())
            .filter(|i| !changes.iter().any(|(j, _)| j == i))
            .filter(|i| !kept.contains(i))
            .collect();
        match share(&reader.channels, &others, rest) {
            Some(parts) if said < Decimal::ZERO => {
                how = How::Rest {
                    items: ids(&reader, changes.clone()),
                    diff,
                };
                changes.extend(parts);
            }
            _ => return Some(Placed::Short { said, diff }),
        }
    }
    changes.retain(|(_, d)| !d.is_zero());
    if changes.is_empty() {
        return None;
    }
    Some(Placed::Words {
        changes: ids(&reader, changes),
        how,
    })
}

/// Per channel index, its change, in the plan's order, as ids.
fn ids(reader: &Reader<'_>, mut changes: Vec<(usize, Decimal)>) -> Vec<(String, Decimal)> {
    changes.sort_by_key(|(i, _)| *i);
    changes
        .into_iter()
        .map(|(i, d)| (reader.channels[i].id.value.clone(), d))
        .collect()
}

/// A same-money move, each amount at the deck's one figure where the
/// plan's words price its thing differently and a typed figure settles it
/// (`plan::words_prices::settled_in_scenario`); `None` where a move would
/// take a channel below nothing.
fn moved(
    plan: &Plan,
    s: &Scenario,
    reader: &Reader<'_>,
    said: Vec<(usize, Decimal, &str)>,
) -> Option<Placed> {
    use crate::plan::words_prices::{price_disagreements_of, settled_in_scenario};
    // Read only for a scenario that moves money, once per plan: reading
    // every amount of the plan's words is most of what reading them costs.
    let prices = price_disagreements_of(plan);
    let used: Vec<(usize, Decimal)> = said
        .into_iter()
        .map(|(i, d, sentence)| {
            let figure = settled_in_scenario(plan, &prices, &s.id.value, sentence, d.abs());
            (
                i,
                figure.map_or(d, |v| if d < Decimal::ZERO { -v } else { v }),
            )
        })
        .collect();
    let changes = merged(used);
    let fits = changes
        .iter()
        .all(|(i, d)| reader.channels[*i].budget.value + *d >= Decimal::ZERO);
    (fits && !changes.is_empty()).then(|| Placed::Words {
        changes: ids(reader, changes),
        how: How::AsSaid,
    })
}

/// Changes of one channel added together (two moves from one channel).
fn merged(list: Vec<(usize, Decimal)>) -> Vec<(usize, Decimal)> {
    let mut out: Vec<(usize, Decimal)> = Vec::new();
    for (i, d) in list {
        match out.iter_mut().find(|(j, _)| *j == i) {
            Some((_, e)) => *e += d,
            None => out.push((i, d)),
        }
    }
    out.retain(|(_, d)| !d.is_zero());
    out
}

/// `rest` shared over the unsized channels pro rata to their budgets, the
/// last taking what rounding leaves; `None` where it cannot be: a cut
/// below a channel's budget, or a rest of the other sign than the words'
/// change (a cut's unsized channel does not grow).
fn share(channels: &[&Channel], open: &[usize], rest: Decimal) -> Option<Vec<(usize, Decimal)>> {
    let base: Decimal = open.iter().map(|&i| channels[i].budget.value).sum();
    if base.is_zero() || rest > Decimal::ZERO || -rest > base {
        return None;
    }
    let mut left = rest;
    let n = open.len();
    Some(
        open.iter()
            .enumerate()
            .map(|(k, &i)| {
                let part = if k + 1 == n {
                    left
                } else {
                    (rest * channels[i].budget.value / base).round()
                };
                left -= part;
                (i, part)
            })
            .collect(),
    )
}

/// `text` cut at each of `seps`, trimmed, empty pieces dropped.
fn split(text: &str, seps: &[&str]) -> Vec<String> {
    seps.iter()
        .fold(text.to_string(), |t, sep| t.replace(sep, "\n"))
        .lines()
        .map(|c| c.trim().trim_end_matches('.').to_string())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Whether a sentence keeps the channels it names whole.
fn keeps(sentence: &str) -> bool {
    let t = format!(" {} ", words(sentence));
    [
        " kept whole ",
        " kept ",
        " keep ",
        " not cut ",
        " untouched ",
        " protected ",
        " unchanged ",
        " ring fenced ",
        " spared ",
    ]
    .iter()
    .any(|w| t.contains(w))
}

/// Words too common to name one channel by themselves.
const COMMON: &[&str] = &[
    "paid",
    "programme",
    "program",
    "campaign",
    "campaigns",
    "partner",
    "partners",
    "marketing",
    "media",
    "content",
    "brand",
    "search",
    "social",
    "ads",
    "trade",
    "event",
    "events",
    "online",
    "digital",
    "email",
    "plan",
    "budget",
    "the",
    "and",
    "for",
    "with",
    "from",
    "tour",
    "funds",
    "fund",
    "day",
    "days",
    "new",
    "all",
    "other",
    "our",
    "year",
    "cut",
    "more",
    "less",
    "money",
];

/// A plan's channels and the words that name each.
struct Reader<'p> {
    channels: Vec<&'p Channel>,
    /// Per channel, the words of its id and name (hyphens dropped too:
    /// "co-op" is "coop") that no other channel has: "van" of `demo-van`,
    /// "summit" of "Field events and Cloudlane Summit".
    own: Vec<Vec<String>>,
    diff: Decimal,
}

impl<'p> Reader<'p> {
    fn new(plan: &'p Plan, diff: Decimal) -> Self {
        let channels: Vec<&Channel> = plan.channels.iter().collect();
        let all: Vec<Vec<String>> = channels
            .iter()
            .map(|c| tokens(&format!("{} {}", c.id.value, c.name)))
            .collect();
        // A two-letter word names a channel only from its id ("tv" of
        // `tv-bvod`): in a name it is more often "of" or "to".
        let ids: Vec<Vec<String>> = channels.iter().map(|c| tokens(&c.id.value)).collect();
        let own = all
            .iter()
            .enumerate()
            .map(|(i, list)| {
                list.iter()
                    .filter(|w| {
                        w.chars().count() >= 3 || (w.chars().count() == 2 && ids[i].contains(w))
                    })
                    .filter(|w| !COMMON.contains(&w.as_str()))
                    .filter(|w| w.chars().any(char::is_alphabetic))
                    .filter(|w| !all.iter().enumerate().any(|(j, l)| j != i && l.contains(w)))
                    .cloned()
                    .collect()
            })
            .collect();
        Reader {
            channels,
            own,
            diff,
        }
    }

    /// The funded channels a clause names: by id or name as an ask's are,
    /// else by a word only that channel has.
    fn named(&self, clause: &str) -> Vec<usize> {
        let padded = padded_words(clause);
        let funded = |i: &usize| !self.channels[*i].budget.value.is_zero();
        let first: Vec<usize> = (0..self.channels.len())
            .filter(funded)
            .filter(|&i| named_in_words(self.channels[i], &padded))
            .collect();
        if !first.is_empty() {
            return first;
        }
        let said = tokens(clause);
        (0..self.channels.len())
            .filter(funded)
            .filter(|&i| {
                said.iter().any(|w| {
                    let one = w.strip_suffix('s').unwrap_or(w);
                    self.own[i].iter().any(|o| o == w || o == one)
                })
            })
            .collect()
    }

    /// A sentence's one amount "of" the two or more channels it names,
    /// shared over them pro rata to their budgets.
    fn of_many(&self, sentence: &str) -> Option<Vec<(usize, Decimal)>> {
        let [amount] = amounts(sentence)[..] else {
            return None;
        };
        let chars: Vec<char> = sentence.chars().collect();
        let at = chars
            .iter()
            .position(|c| matches!(c, '€' | '£' | '$' | '¥'))?;
        let after: String = chars[at + 1..]
            .iter()
            .skip_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | 'k' | 'K' | 'm' | 'M'))
            .collect();
        if !after.starts_with(" of ") {
            return None;
        }
        let named = self.named_each(&after);
        if named.len() < 2 {
            return None;
        }
        let cut = if self.diff > Decimal::ZERO {
            amount
        } else {
            -amount
        };
        share(&self.channels, &named, cut)
    }

    /// The channels each clause of a text names, in order, once each.
    fn named_each(&self, text: &str) -> Vec<usize> {
        let mut out = Vec::new();
        for clause in split(text, &[", ", " and ", " & "]) {
            for i in self.named(&clause) {
                if !out.contains(&i) {
                    out.push(i);
                }
            }
        }
        out
    }

    /// The moves a sentence states: "move €250k from trade press to a fifth
    /// demo van" — one amount, one channel after "from", one after "to".
    fn moves(&self, sentence: &str) -> Vec<(usize, Decimal)> {
        // ASCII lower case keeps the byte offsets of the sentence.
        let lower = sentence.to_ascii_lowercase();
        let money = amounts(sentence);
        let (Some(from), [amount]) = (lower.find(" from "), money.as_slice()) else {
            return Vec::new();
        };
        let after = &sentence[from + 6..];
        let Some(to) = after.to_ascii_lowercase().find(" to ") else {
            return Vec::new();
        };
        let (source, target) = (self.named(&after[..to]), self.named(&after[to + 4..]));
        match (source.as_slice(), target.as_slice()) {
            ([a], [b]) if a != b => vec![(*a, -*amount), (*b, *amount)],
            _ => Vec::new(),
        }
    }

    /// The change a clause gives the one channel it names: an amount, a
    /// percentage or a fraction of its budget, or a count.
    fn size(&self, clause: &str, named: &[usize]) -> Option<Decimal> {
        let money = amounts(clause);
        let [i] = named else {
            return None;
        };
        let budget = self.channels[*i].budget.value;
        let t = format!(" {} ", words(clause));
        let up = [
            " add ",
            " adds ",
            " more ",
            " raise ",
            " raised ",
            " increase ",
            " extra ",
            " doubled ",
        ]
        .iter()
        .any(|w| t.contains(w))
            || self.diff > Decimal::ZERO;
        let signed = |d: Decimal, mark: Option<char>| match mark {
            Some('+') => d,
            Some('−' | '-' | '–') => -d,
            _ if up => d,
            _ => -d,
        };
        if let [d] = money.as_slice() {
            return Some(signed(*d, mark_before(clause, &['€', '£', '$', '¥'])));
        }
        if let Some((p, mark)) = percent(clause) {
            return Some(signed((budget * p / Decimal::ONE_HUNDRED).round(), mark));
        }
        let fraction = if t.contains(" halved ") || t.contains(" halve ") || t.contains(" half ") {
            Some(Decimal::new(5, 1))
        } else if t.contains(" two thirds ") {
            Some(Decimal::TWO / Decimal::from(3))
        } else if t.contains(" a third ") || t.contains(" one third ") {
            Some(Decimal::ONE / Decimal::from(3))
        } else if t.contains(" a quarter ") || t.contains(" one quarter ") {
            Some(Decimal::new(25, 2))
        } else {
            None
        };
        if let Some(f) = fraction {
            return Some(signed((budget * f).round(), None));
        }
        count(&t).map(|f| (budget * (f - Decimal::ONE)).round())
    }
}

/// Lower-case words of a text, hyphens read both as a break and as nothing
/// ("co-op": "co", "op" and "coop").
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = words(text).split(' ').map(str::to_string).collect();
    out.extend(words(&text.replace('-', "")).split(' ').map(str::to_string));
    out.retain(|w| !w.is_empty());
    out
}

/// The sign written just before the first of `signs` in a text ("−€300k").
fn mark_before(text: &str, signs: &[char]) -> Option<char> {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().position(|c| signs.contains(c))?;
    at.checked_sub(1)
        .map(|k| chars[k])
        .filter(|c| matches!(c, '+' | '−' | '-' | '–'))
}

/// The first percentage a text states and the sign written before it
/// ("−30%": 30 and '−').
fn percent(text: &str) -> Option<(Decimal, Option<char>)> {
    let chars: Vec<char> = text.chars().collect();
    let at = chars.iter().position(|c| *c == '%')?;
    let start = chars[..at]
        .iter()
        .rposition(|c| !(c.is_ascii_digit() || *c == '.'))
        .map_or(0, |k| k + 1);
    let n: Decimal = chars[start..at].iter().collect::<String>().parse().ok()?;
    let mark = start
        .checked_sub(1)
        .map(|k| chars[k])
        .filter(|c| matches!(c, '+' | '−' | '-' | '–'));
    Some((n, mark))
}

/// The factor of a count "N … instead of M" in padded words ("three vans
/// instead of four": 3/4).
fn count(padded: &str) -> Option<Decimal> {
    let list: Vec<&str> = padded.split_whitespace().collect();
    let at = list.windows(2).position(|w| w == ["instead", "of"])?;
    let m = number(list.get(at + 2)?)?;
    let n = list[..at].iter().rev().find_map(|w| number(w))?;
    (!m.is_zero()).then(|| n / m)
}

/// A small number in figures or words.
fn number(w: &str) -> Option<Decimal> {
    const WORDS: [&str; 12] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven",
    ];
    WORDS
        .iter()
        .position(|x| *x == w)
        .map(Decimal::from)
        .or_else(|| w.parse::<u32>().ok().map(Decimal::from))
}

/// `text` as `scenario_aim::named_in` reads it: its `words` between spaces, made
/// once for all the channels it is compared with.
pub(super) fn padded_words(text: &str) -> String {
    format!(" {} ", words(text))
}

/// `scenario_aim::named_in` on words made by `padded_words`.
pub(super) fn named_in_words(c: &Channel, text: &str) -> bool {
    let id = words(&c.id.value);
    let short = words(c.name.split(" (").next().unwrap_or_default());
    [(id, 3), (short, 4)]
        .iter()
        .any(|(w, least)| w.chars().count() >= *least && text.contains(&format!(" {w} ")))
}

/// The amounts of money a text states: a currency sign, digits, and k or
/// m after them ("£900k", "$1.25M").
pub(super) fn amounts(text: &str) -> Vec<Decimal> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    for (at, c) in chars.iter().enumerate() {
        if !matches!(c, '€' | '£' | '$' | '¥') {
            continue;
        }
        let run: String = chars[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
            .filter(|c| **c != ',')
            .collect();
        let Ok(n) = run.trim_end_matches('.').parse::<Decimal>() else {
            continue;
        };
        let len = chars[at + 1..]
            .iter()
            .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ','))
            .count();
        out.push(match chars.get(at + 1 + len) {
            Some('k' | 'K') => n * Decimal::ONE_THOUSAND,
            Some('m' | 'M') => n * Decimal::from(1_000_000),
            _ => n,
        });
    }
    out
}

/// Lower case, every run of non-alphanumerics one space.
pub(super) fn words(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
