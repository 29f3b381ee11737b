//! The budget optimiser: share a pool of money among channels to maximise
//! the sum of their (weighted) response curves, within per-channel bounds.
//!
//! Money moves in whole steps (default 1,000 of the plan's currency) from
//! the planned budgets, so every total still adds up exactly in `Decimal`.
//!
//! Concave curves (Hill slope ≤ 1): giving each step to the channel whose
//! next step returns most is optimal (equal marginal returns), and exact on
//! the grid of steps. S-shaped curves (slope > 1) are not concave: that
//! greedy answer can be far off, because a channel below its inflexion
//! returns little until it is funded enough. For them a dynamic programme
//! over the budget in at most [`DP_CELLS`] cells finds the global optimum on
//! that grid (exact when the pool has no more steps than that), and
//! exchanges of money between pairs of channels, in halving amounts down
//! to one step, refine it. Property tests compare both with a brute-force
//! search, and `tests/fixtures/optimizer` with scipy's SLSQP.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Cells of the dynamic programme's grid: n · cells² evaluations, about
/// 5 million for 30 channels.
pub const DP_CELLS: u64 = 400;
/// Steps the greedy allocation takes one at a time before it coarsens.
const GREEDY_STEPS: u64 = 50_000;

/// One channel in the problem.
pub struct Item<'a> {
    /// The (weighted) result of a budget.
    pub value: Box<dyn Fn(f64) -> f64 + 'a>,
    pub planned: Decimal,
    pub lower: Decimal,
    /// `None`: no upper bound but the pool.
    pub upper: Option<Decimal>,
    pub concave: bool,
}

/// Why no allocation exists.
#[derive(Debug, Clone, PartialEq)]
pub enum Infeasible {
    /// The channels' minimums add up to more than the pool.
    BelowMinimums { minimums: Decimal, pool: Decimal },
    /// Their maximums add up to less.
    AboveMaximums { maximums: Decimal, pool: Decimal },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    pub budgets: Vec<Decimal>,
    pub value: f64,
    /// Whether the answer is the proven optimum on the grid of steps
    /// (concave curves, or a pool of at most [`DP_CELLS`] steps).
    pub exact: bool,
}

/// Shares `pool` among the items in whole `step`s away from their planned
/// budgets (the remainder of `pool` that is not a whole step goes to the
/// channel whose next euro returns most).
pub fn optimise(items: &[Item<'_>], pool: Decimal, step: Decimal) -> Result<Solution, Infeasible> {
    let planned: Decimal = items.iter().map(|i| i.planned).sum();
    let minimums: Decimal = items.iter().map(|i| i.lower).sum();
    if minimums > pool {
        return Err(Infeasible::BelowMinimums { minimums, pool });
    }
    if let Some(maximums) = items
        .iter()
        .map(|i| i.upper)
        .sum::<Option<Decimal>>()
        .filter(|m| *m < pool)
    {
        return Err(Infeasible::AboveMaximums { maximums, pool });
    }
    // No grid finer than a millionth of the money: a step of a cent on a
    // budget of 10^15 would be 10^17 steps (and overflow the arithmetic
    // below), and nothing in a plan is that precise.
    let finest = (pool.abs().max(planned.abs()) / Decimal::from(1_000_000_000_000u64)).round_dp(2);
    let step = step.max(finest).max(Decimal::new(1, 2));
    // Whole steps to move in total, and per item the range of steps.
    let delta = pool - planned;
    let whole = (delta / step).floor();
    let remainder = delta - whole * step;
    let mut lo = Vec::with_capacity(items.len());
    let mut cap = Vec::with_capacity(items.len());
    for it in items {
        let l = ((it.lower - it.planned) / step).ceil();
        let h = match it.upper {
            Some(u) => ((u - it.planned) / step).floor(),
            None => ((pool - it.planned) / step).floor(),
        };
        lo.push(l);
        cap.push(to_u64((h - l).max(Decimal::ZERO)));
    }
    let lo_sum: Decimal = lo.iter().sum();
    let units = to_u64((whole - lo_sum).max(Decimal::ZERO));
    let units = units.min(cap.iter().sum());
    let budget_of = |i: usize, u: u64| items[i].planned + step * (lo[i] + Decimal::from(u));
    // Candidate budgets in f64 for the search (millions of evaluations);
    // the budgets returned are computed exactly from the steps.
    let base: Vec<f64> = (0..items.len()).map(|i| to_f64(budget_of(i, 0))).collect();
    let step_f = to_f64(step);
    let eval = |i: usize, u: u64| (items[i].value)(base[i] + step_f * u as f64);

    let concave = items.iter().all(|i| i.concave);
    let (mut alloc, exact) = if concave {
        let chunk = units.div_ceil(GREEDY_STEPS).max(1);
        (greedy(&cap, units, chunk, &eval), chunk == 1)
    } else {
        let chunk = units.div_ceil(DP_CELLS).max(1);
        let shapes: Vec<bool> = items.iter().map(|i| i.concave).collect();
        (dp(&cap, &shapes, units, chunk, &eval), chunk == 1)
    };
    if !exact {
        refine(&mut alloc, &cap, units, &eval);
    }
    let mut budgets: Vec<Decimal> = alloc
        .iter()
        .enumerate()
        .map(|(i, &u)| budget_of(i, u))
        .collect();
    if !remainder.is_zero() {
        // The part of a step: to the best next euro with room for it.
        let best = (0..items.len())
            .filter(|&i| items[i].upper.is_none_or(|u| budgets[i] + remainder <= u))
            .max_by(|&a, &b| {
                let ga = (items[a].value)(to_f64(budgets[a] + remainder))
                    - (items[a].value)(to_f64(budgets[a]));
                let gb = (items[b].value)(to_f64(budgets[b] + remainder))
                    - (items[b].value)(to_f64(budgets[b]));
                ga.total_cmp(&gb).then(b.cmp(&a))
            });
        match best {
            Some(i) => budgets[i] += remainder,
            None => {
                return Err(Infeasible::AboveMaximums {
                    maximums: items.iter().filter_map(|i| i.upper).sum(),
                    pool,
                });
            }
        }
    }
    let value = budgets
        .iter()
        .zip(items)
        .map(|(b, it)| (it.value)(to_f64(*b)))
        .sum();
    Ok(Solution {
        budgets,
        value,
        exact,
    })
}

fn to_u64(d: Decimal) -> u64 {
    d.to_u64().unwrap_or(u64::MAX / 4)
}

pub fn to_f64(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// A step's gain, ordered for the heap (ties to the earlier channel, so the
/// answer does not depend on the heap's internals).
struct Gain(f64, usize);

impl PartialEq for Gain {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}
impl Eq for Gain {}
impl PartialOrd for Gain {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for Gain {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0.total_cmp(&o.0).then(o.1.cmp(&self.1))
    }
}

/// Each chunk of steps to the item whose next chunk gains most.
fn greedy(cap: &[u64], units: u64, chunk: u64, eval: &dyn Fn(usize, u64) -> f64) -> Vec<u64> {
    let n = cap.len();
    let mut alloc = vec![0u64; n];
    // Each curve's value at its allocation, and at the end of the chunk its
    // heap entry offers: a step evaluates the curve once, not twice (the
    // evaluations are most of `check` on concave curves; same figures).
    let mut value: Vec<f64> = (0..n).map(|i| eval(i, 0)).collect();
    let mut ahead = vec![(0u64, 0.0f64); n];
    let mut heap = BinaryHeap::new();
    let offer = |i: usize, at: u64, at_value: f64| {
        let next = (at + chunk).min(cap[i]);
        (next > at).then(|| {
            let v = eval(i, next);
            (Gain((v - at_value) / (next - at) as f64, i), (next, v))
        })
    };
    for i in 0..n {
        if let Some((gain, next)) = offer(i, 0, value[i]) {
            ahead[i] = next;
            heap.push(gain);
        }
    }
    let mut left = units;
    while left > 0 {
        let Some(Gain(_, i)) = heap.pop() else { break };
        let take = chunk.min(cap[i] - alloc[i]).min(left);
        alloc[i] += take;
        left -= take;
        value[i] = if ahead[i].0 == alloc[i] {
            ahead[i].1
        } else {
            eval(i, alloc[i])
        };
        if let Some((gain, next)) = offer(i, alloc[i], value[i]) {
            ahead[i] = next;
            heap.push(gain);
        }
    }
    alloc
}

/// The global optimum on a grid of `chunk`-sized cells, by dynamic
/// programming over the items; what does not fill a whole cell is given
/// out greedily.
///
/// The concave items are first merged into one: for concave functions the
/// best split of `k` cells among them is what the greedy allocation gives
/// (their max-plus convolution), so only the S-shaped items and that one
/// merged item go through the quadratic programme.
fn dp(
    cap: &[u64],
    concave: &[bool],
    units: u64,
    chunk: u64,
    eval: &dyn Fn(usize, u64) -> f64,
) -> Vec<u64> {
    let cells = (units / chunk) as usize;
    let n = cap.len();
    let neg = f64::NEG_INFINITY;
    let convex_part: Vec<usize> = (0..n).filter(|&i| !concave[i]).collect();
    let merged: Vec<usize> = (0..n).filter(|&i| concave[i]).collect();
    // Each DP stage: its values for 0..=k cells.
    let mut stages: Vec<Vec<f64>> = convex_part
        .iter()
        .map(|&i| {
            let k_max = ((cap[i] / chunk) as usize).min(cells);
            (0..=k_max).map(|k| eval(i, k as u64 * chunk)).collect()
        })
        .collect();
    if !merged.is_empty() {
        stages.push(merged_values(&merged, cap, cells, chunk, eval));
    }
    // best[j]: the best value of the stages so far using j cells.
    let mut best = vec![neg; cells + 1];
    best[0] = 0.0;
    let mut choice = vec![vec![0usize; cells + 1]; stages.len()];
    // Cells the stages so far can fill at most: `best` is -inf beyond, and
    // a sum with -inf never improves a cell, so the loop stops there (the
    // first stage adds its values to one cell, not to hundreds).
    let mut reach = 0;
    for (s, values) in stages.iter().enumerate() {
        let mut next = vec![neg; cells + 1];
        let pick = &mut choice[s];
        // k outside, j inside: a plain loop over contiguous memory, as
        // zipped slices (no bounds checks) with selects instead of a
        // branch, which the compiler turns into vector code — this loop
        // is most of `mvplan check` on a plan with S-shaped curves.
        // `values` has at most `cells + 1` entries, so `k ≤ cells`.
        for (k, &v) in values.iter().enumerate() {
            let top = k + (cells - k).min(reach);
            let lanes = next[k..=top].iter_mut().zip(&mut pick[k..=top]);
            for ((n, p), &b) in lanes.zip(&best[..=top - k]) {
                let cand = b + v;
                let better = cand > *n;
                *n = if better { cand } else { *n };
                *p = if better { k } else { *p };
            }
        }
        reach = (reach + values.len().saturating_sub(1)).min(cells);
        best = next;
    }
    // The fullest reachable cell count (caps may not allow every one).
    let mut j = (0..=cells).rev().find(|&j| best[j] > neg).unwrap_or(0);
    let mut alloc = vec![0u64; n];
    let mut cells_of = vec![0usize; stages.len()];
    for s in (0..stages.len()).rev() {
        let k = choice[s][j];
        cells_of[s] = k;
        j -= k;
    }
    for (s, &i) in convex_part.iter().enumerate() {
        alloc[i] = cells_of[s] as u64 * chunk;
    }
    if !merged.is_empty() {
        let k = cells_of[stages.len() - 1];
        for (i, a) in greedy_cells(&merged, cap, k, chunk, eval) {
            alloc[i] = a;
        }
    }
    // What did not make a whole cell: each time, the whole rest (within
    // its cap) to the item it gains most on; the exchanges refine it.
    let mut left = units - alloc.iter().sum::<u64>();
    for _ in 0..n {
        if left == 0 {
            break;
        }
        let gain = |i: usize, alloc: &[u64]| {
            let take = left.min(cap[i] - alloc[i]);
            eval(i, alloc[i] + take) - eval(i, alloc[i])
        };
        let best_item = (0..n)
            .filter(|&i| alloc[i] < cap[i])
            .max_by(|&a, &b| gain(a, &alloc).total_cmp(&gain(b, &alloc)).then(b.cmp(&a)));
        let Some(i) = best_item else { break };
        let take = left.min(cap[i] - alloc[i]);
        alloc[i] += take;
        left -= take;
    }
    alloc
}

/// The best value of the concave `items` sharing 0..=cells cells.
fn merged_values(
    items: &[usize],
    cap: &[u64],
    cells: usize,
    chunk: u64,
    eval: &dyn Fn(usize, u64) -> f64,
) -> Vec<f64> {
    let mut cells_of = ChunkSteps::new(items, cap, chunk, eval);
    let mut total: f64 = cells_of.value.iter().sum();
    let mut out = vec![total];
    while out.len() <= cells {
        let Some(g) = cells_of.step() else { break };
        total += g;
        out.push(total);
    }
    out
}

/// How the greedy allocation shares `k` cells among the concave `items`.
fn greedy_cells(
    items: &[usize],
    cap: &[u64],
    k: usize,
    chunk: u64,
    eval: &dyn Fn(usize, u64) -> f64,
) -> Vec<(usize, u64)> {
    let mut cells_of = ChunkSteps::new(items, cap, chunk, eval);
    for _ in 0..k {
        if cells_of.step().is_none() {
            break;
        }
    }
    items.iter().copied().zip(cells_of.at).collect()
}

/// Whole chunks given one at a time to the concave item whose next chunk
/// gains most. Each item's value at its allocation and at its next chunk
/// are kept, so a chunk evaluates one curve once.
struct ChunkSteps<'a> {
    items: &'a [usize],
    cap: &'a [u64],
    chunk: u64,
    eval: &'a dyn Fn(usize, u64) -> f64,
    at: Vec<u64>,
    value: Vec<f64>,
    ahead: Vec<f64>,
    heap: BinaryHeap<Gain>,
}

impl<'a> ChunkSteps<'a> {
    fn new(
        items: &'a [usize],
        cap: &'a [u64],
        chunk: u64,
        eval: &'a dyn Fn(usize, u64) -> f64,
    ) -> Self {
        let value: Vec<f64> = items.iter().map(|&i| eval(i, 0)).collect();
        let mut steps = ChunkSteps {
            items,
            cap,
            chunk,
            eval,
            at: vec![0; items.len()],
            ahead: vec![0.0; items.len()],
            value,
            heap: BinaryHeap::new(),
        };
        for x in 0..items.len() {
            steps.offer(x);
        }
        steps
    }

    fn offer(&mut self, x: usize) {
        let (i, a) = (self.items[x], self.at[x]);
        if a + self.chunk <= self.cap[i] {
            let v = (self.eval)(i, a + self.chunk);
            self.ahead[x] = v;
            self.heap.push(Gain(v - self.value[x], x));
        }
    }

    /// Gives the next chunk; its gain, or `None` when every item is full.
    fn step(&mut self) -> Option<f64> {
        let Gain(g, x) = self.heap.pop()?;
        self.at[x] += self.chunk;
        self.value[x] = self.ahead[x];
        self.offer(x);
        Some(g)
    }
}

/// Moves money between pairs of items while that gains, in amounts that
/// halve from the coarse grid's cell down to one step. Each item's gain
/// from `size` more and loss from `size` less are kept, and only the two
/// items a move touches are evaluated again: a round is O(n), not O(n²).
fn refine(alloc: &mut [u64], cap: &[u64], units: u64, eval: &dyn Fn(usize, u64) -> f64) {
    let n = alloc.len();
    let mut size = units.div_ceil(DP_CELLS).max(1);
    let mut value: Vec<f64> = (0..n).map(|i| eval(i, alloc[i])).collect();
    // A bound against cycling on ties: far more moves than any amount needs.
    let rounds = 4 * n * n + 64;
    loop {
        let gain_of = |i: usize, alloc: &[u64], value: &[f64]| {
            if alloc[i] + size <= cap[i] {
                eval(i, alloc[i] + size) - value[i]
            } else {
                f64::NEG_INFINITY
            }
        };
        let loss_of = |i: usize, alloc: &[u64], value: &[f64]| {
            if alloc[i] >= size {
                value[i] - eval(i, alloc[i] - size)
            } else {
                f64::INFINITY
            }
        };
        let mut gain: Vec<f64> = (0..n).map(|i| gain_of(i, alloc, &value)).collect();
        let mut loss: Vec<f64> = (0..n).map(|i| loss_of(i, alloc, &value)).collect();
        for _ in 0..rounds {
            // The best receiver and the cheapest giver, distinct.
            let mut best: Option<(f64, usize, usize)> = None;
            let top_two = |v: &[f64], better: &dyn Fn(f64, f64) -> bool| {
                let (mut a, mut b): (Option<usize>, Option<usize>) = (None, None);
                for i in 0..v.len() {
                    if a.is_none_or(|x| better(v[i], v[x])) {
                        b = a;
                        a = Some(i);
                    } else if b.is_none_or(|x| better(v[i], v[x])) {
                        b = Some(i);
                    }
                }
                [a, b]
            };
            let receivers = top_two(&gain, &|x, y| x > y);
            let givers = top_two(&loss, &|x, y| x < y);
            for to in receivers.into_iter().flatten() {
                for from in givers.into_iter().flatten() {
                    if to == from {
                        continue;
                    }
                    let net = gain[to] - loss[from];
                    let scale = value[to].abs().max(1.0);
                    if net > 1e-12 * scale && best.is_none_or(|b| net > b.0) {
                        best = Some((net, from, to));
                    }
                }
            }
            let Some((_, from, to)) = best else { break };
            alloc[from] -= size;
            alloc[to] += size;
            for i in [from, to] {
                value[i] = eval(i, alloc[i]);
            }
            for i in [from, to] {
                gain[i] = gain_of(i, alloc, &value);
                loss[i] = loss_of(i, alloc, &value);
            }
        }
        if size == 1 {
            break;
        }
        size = size.div_ceil(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::response::Hill;

    fn item(h: Hill, planned: i64) -> Item<'static> {
        Item {
            value: Box::new(move |x| h.at(x)),
            planned: Decimal::from(planned),
            lower: Decimal::ZERO,
            upper: None,
            concave: h.concave(),
        }
    }

    /// Every way of sharing `units` steps among the items.
    fn brute(items: &[Item<'_>], units: u64, step: f64) -> f64 {
        fn go(items: &[Item<'_>], left: u64, step: f64) -> f64 {
            match items {
                [] => 0.0,
                [last] => (last.value)(left as f64 * step),
                [first, rest @ ..] => (0..=left)
                    .map(|k| (first.value)(k as f64 * step) + go(rest, left - k, step))
                    .fold(f64::NEG_INFINITY, f64::max),
            }
        }
        go(items, units, step)
    }

    #[test]
    fn s_shaped_curves_get_the_global_optimum_not_the_greedy_one() {
        // Two S-curves: greedy from zero sees no return from either and
        // splits the money; the optimum funds one past its inflexion.
        let s = Hill {
            half: 60.0,
            slope: 4.0,
            max: 100.0,
        };
        let items = vec![item(s, 50), item(s, 50)];
        let sol = optimise(&items, Decimal::from(100), Decimal::ONE).unwrap();
        let best = brute(&items, 100, 1.0);
        assert!((sol.value - best).abs() < 1e-9, "{sol:?} vs {best}");
        assert!(sol.exact);
        assert!(sol.value > 2.0 * s.at(50.0) + 1.0);
        assert_eq!(sol.budgets.iter().sum::<Decimal>(), Decimal::from(100));
    }

    #[test]
    fn bounds_and_remainders_are_kept_exactly() {
        let h = Hill {
            half: 100.0,
            slope: 0.8,
            max: 500.0,
        };
        let mut items = vec![item(h, 300), item(h, 300), item(h, 400)];
        items[0].upper = Some(Decimal::from(250));
        items[2].lower = Decimal::from(420);
        let pool = Decimal::new(10_005, 1); // 1,000.5
        let sol = optimise(&items, pool, Decimal::from(10)).unwrap();
        assert_eq!(sol.budgets.iter().sum::<Decimal>(), pool);
        assert!(sol.budgets[0] <= Decimal::from(250));
        assert!(sol.budgets[2] >= Decimal::from(420));
        items[2].lower = Decimal::from(2000);
        assert!(matches!(
            optimise(&items, pool, Decimal::ONE),
            Err(Infeasible::BelowMinimums { .. })
        ));
    }
}
