//! Colour reduction of the thumbnail: opaque RGB pixels → a palette and one index per pixel.
//!
//! The page is a few flat colours (the document's own) plus the antialiased edges between
//! them. The document's colours are kept exactly; the other colours are grouped by median cut
//! (splitting the group with the largest squared error along its most spread channel at the
//! weighted median), each group drawn with its weighted mean. A colour weighs the square root
//! of its pixel count: with the plain count, the edges of a lone red word were drowned in the
//! greys of the many black ones and lost their hue. No
//! dithering: it would blur small text and defeat compression. Deterministic: colours are
//! numbered in the order the pixels show them and every tie is broken by that order.

use rustc_hash::FxHashMap;

/// Reduces `pixels` to at most `max_colors` colours (1 to 256), keeping the first
/// `max_colors` of `keep` exactly. Returns the palette and, for each pixel, its index in it.
pub(super) fn quantise(
    pixels: &[[u8; 3]],
    keep: &[[u8; 3]],
    max_colors: usize,
) -> (Vec<[u8; 3]>, Vec<u8>) {
    let max_colors = max_colors.clamp(1, 256);
    // Distinct colours in order of appearance, how many pixels show each, and each pixel's.
    let mut ids: FxHashMap<[u8; 3], u32> = FxHashMap::default();
    let mut colors: Vec<[u8; 3]> = Vec::new();
    let mut counts: Vec<u32> = Vec::new();
    let mut pixel_ids: Vec<u32> = Vec::with_capacity(pixels.len());
    let mut last: Option<([u8; 3], u32)> = None;
    for &pixel in pixels {
        // Runs of one colour are most of the page: skip the hash for them.
        let id = match last {
            Some((color, id)) if color == pixel => id,
            _ => *ids.entry(pixel).or_insert_with(|| {
                colors.push(pixel);
                counts.push(0);
                (colors.len() - 1) as u32
            }),
        };
        counts[id as usize] += 1;
        pixel_ids.push(id);
        last = Some((pixel, id));
    }

    // Palette, and for each distinct colour its index in the palette.
    let (palette, color_index): (Vec<[u8; 3]>, Vec<u8>) = if colors.len() <= max_colors {
        (colors.clone(), (0..colors.len()).map(|idx| idx as u8).collect())
    } else {
        reduce(&colors, &counts, keep, max_colors)
    };
    let indices = pixel_ids.iter().map(|&id| color_index[id as usize]).collect();
    (palette, indices)
}

/// The palette for more distinct colours than `max_colors`: `keep` first, then one mean per
/// median-cut group of the other colours. Each colour goes to the nearest of the kept colours
/// and its own group's mean.
fn reduce(
    colors: &[[u8; 3]],
    counts: &[u32],
    keep: &[[u8; 3]],
    max_colors: usize,
) -> (Vec<[u8; 3]>, Vec<u8>) {
    let keep: Vec<[u8; 3]> = keep.iter().copied().take(max_colors).collect();
    let mut palette = keep.clone();
    let mut color_index = vec![0u8; colors.len()];
    let mut rest: Vec<u32> = Vec::new();
    for (id, color) in colors.iter().enumerate() {
        match keep.iter().position(|k| k == color) {
            Some(idx) => color_index[id] = idx as u8,
            None => rest.push(id as u32),
        }
    }
    let budget = max_colors - keep.len();
    if budget == 0 || rest.is_empty() {
        for &id in &rest {
            color_index[id as usize] = nearest(colors[id as usize], &keep);
        }
        return (palette, color_index);
    }

    let weights: Vec<f64> = counts.iter().map(|&c| f64::from(c).sqrt()).collect();
    let mut groups = vec![Group::new(rest, colors, &weights)];
    while groups.len() < budget {
        // The group drawn worst by its mean; ties go to the earliest.
        let Some((idx, _)) = groups.iter().enumerate().filter(|(_, g)| g.error > 0.0).fold(
            None,
            |best: Option<(usize, f64)>, (idx, g)| match best {
                Some((_, e)) if e >= g.error => best,
                _ => Some((idx, g.error)),
            },
        ) else {
            break;
        };
        let group = groups.swap_remove(idx);
        let (a, b) = group.split(colors, &weights);
        groups.push(a);
        groups.push(b);
    }

    for group in &groups {
        let mean = group.mean;
        let own = palette.len() as u8;
        palette.push(mean);
        for &id in &group.ids {
            let color = colors[id as usize];
            let kept = nearest(color, &keep);
            color_index[id as usize] = if !keep.is_empty()
                && distance(color, keep[kept as usize]) <= distance(color, mean)
            {
                kept
            } else {
                own
            };
        }
    }
    (palette, color_index)
}

/// Some distinct colours (by id) with their weighted mean and squared error.
struct Group {
    ids: Vec<u32>,
    mean: [u8; 3],
    /// Weighted sum of the squared distances to the exact mean.
    error: f64,
    /// Weighted variance of each channel.
    spread: [f64; 3],
}

impl Group {
    fn new(ids: Vec<u32>, colors: &[[u8; 3]], weights: &[f64]) -> Group {
        let mut weight = 0.0;
        let mut sum = [0.0f64; 3];
        let mut sum_sq = [0.0f64; 3];
        for &id in &ids {
            let w = weights[id as usize];
            weight += w;
            for (c, &v) in colors[id as usize].iter().enumerate() {
                let v = f64::from(v);
                sum[c] += w * v;
                sum_sq[c] += w * v * v;
            }
        }
        let weight = if weight > 0.0 { weight } else { 1.0 };
        let exact = sum.map(|s| s / weight);
        let spread = [0, 1, 2].map(|c| (sum_sq[c] / weight - exact[c] * exact[c]).max(0.0));
        let error = if ids.len() > 1 { spread.iter().sum::<f64>() * weight } else { 0.0 };
        Group { mean: exact.map(|v| v.round() as u8), error, spread, ids }
    }

    /// Cuts the group in two along its most spread channel, at the weighted median.
    fn split(mut self, colors: &[[u8; 3]], weights: &[f64]) -> (Group, Group) {
        let channel =
            (0..3).fold(0, |best, c| if self.spread[c] > self.spread[best] { c } else { best });
        // Stable sort: equal values stay in order of appearance.
        self.ids.sort_by_key(|&id| colors[id as usize][channel]);
        let total: f64 = self.ids.iter().map(|&id| weights[id as usize]).sum();
        let mut seen = 0.0;
        let mut at = 1;
        for (idx, &id) in self.ids.iter().enumerate() {
            seen += weights[id as usize];
            if seen * 2.0 >= total {
                at = idx + 1;
                break;
            }
        }
        // Both halves keep at least one colour.
        let at = at.clamp(1, self.ids.len() - 1);
        let upper = self.ids.split_off(at);
        (Group::new(self.ids, colors, weights), Group::new(upper, colors, weights))
    }
}

fn distance(a: [u8; 3], b: [u8; 3]) -> u32 {
    a.iter().zip(b).map(|(&x, y)| (i32::from(x) - i32::from(y)).unsigned_abs().pow(2)).sum()
}

/// Index of the colour of `palette` nearest to `color` (the first of equals); 0 when empty.
fn nearest(color: [u8; 3], palette: &[[u8; 3]]) -> u8 {
    palette
        .iter()
        .enumerate()
        .fold((0usize, u32::MAX), |(best, d), (idx, &p)| {
            let e = distance(color, p);
            if e < d { (idx, e) } else { (best, d) }
        })
        .0 as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_colours_are_kept_exactly() {
        let pixels = [[255, 255, 255], [0, 0, 145], [255, 255, 255], [10, 20, 30]];
        let (palette, indices) = quantise(&pixels, &[], 256);
        assert_eq!(palette, vec![[255, 255, 255], [0, 0, 145], [10, 20, 30]]);
        assert_eq!(indices, vec![0, 1, 0, 2]);
    }

    #[test]
    fn a_ramp_is_reduced_and_kept_colours_stay_exact() {
        // A ramp from blue to white, as antialiasing makes between a blue fill and the page.
        let pixels: Vec<[u8; 3]> =
            (0..=255u8).flat_map(|v| [[v, v, 255], [255, 255, 255], [0, 0, 255]]).collect();
        let keep = [[255, 255, 255], [0, 0, 255]];
        let (palette, indices) = quantise(&pixels, &keep, 16);
        assert_eq!(palette.len(), 16);
        assert_eq!(&palette[..2], &keep);
        for (pixel, &idx) in pixels.iter().zip(&indices) {
            let drawn = palette[idx as usize];
            if keep.contains(pixel) {
                assert_eq!(drawn, *pixel);
            }
            // 254 values in 14 groups cut in halves: none wider than 32 values, so no colour is
            // drawn more than 16 levels off.
            assert!(distance(*pixel, drawn) <= 2 * 16 * 16, "{pixel:?} drawn as {drawn:?}");
        }
    }

    #[test]
    fn same_input_same_output() {
        let pixels: Vec<[u8; 3]> = (0..5000u32)
            .map(|i| [(i * 7 % 256) as u8, (i * 13 % 256) as u8, (i % 256) as u8])
            .collect();
        assert_eq!(quantise(&pixels, &[[0, 0, 0]], 64), quantise(&pixels, &[[0, 0, 0]], 64));
    }
}
