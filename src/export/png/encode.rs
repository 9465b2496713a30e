//! Encoding: the thumbnail's RGB pixels → a palette PNG's bytes (colours reduced by
//! `quantise`, the document's own kept exactly). The only step after painting that can fail.

use super::{PngError, quantise};

/// Most colours in the palette: more make the file bigger for no difference one can see at
/// 400 CSS pixels, far fewer grey out a lone red « Non ».
const MAX_COLORS: usize = 128;

/// The PNG of `rgb`, `width_px` × `height_px` pixels row by row, its palette keeping the
/// colours of `keep` exactly.
pub(super) fn encode(
    width_px: u32,
    height_px: u32,
    rgb: &[[u8; 3]],
    keep: &[[u8; 3]],
) -> Result<Vec<u8>, PngError> {
    let (palette, indices) = quantise::quantise(rgb, keep, MAX_COLORS);
    encode_indexed(width_px, height_px, &palette, &indices)
}

/// An 8-bit (or fewer bits when the palette is small) indexed PNG, with no chunk besides
/// IHDR, PLTE, IDAT and IEND.
fn encode_indexed(
    width_px: u32,
    height_px: u32,
    palette: &[[u8; 3]],
    indices: &[u8],
) -> Result<Vec<u8>, PngError> {
    let err = |e: png::EncodingError| PngError::Encode(e.to_string());
    let (depth, bits) = match palette.len() {
        0..=2 => (png::BitDepth::One, 1),
        3..=4 => (png::BitDepth::Two, 2),
        5..=16 => (png::BitDepth::Four, 4),
        _ => (png::BitDepth::Eight, 8),
    };
    let packed = pack_indices(indices, width_px as usize, bits);
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width_px, height_px);
    encoder.set_color(png::ColorType::Indexed);
    encoder.set_depth(depth);
    encoder.set_palette(palette.concat());
    // zlib level 2: a little larger than the default level 6, much faster; level 1 and
    // fdeflate (`Fast`) compress these indices much worse.
    encoder.set_deflate_compression(png::DeflateCompression::Level(2));
    // Indexed images compress best unfiltered (libpng's advice, which holds for ours).
    encoder.set_filter(png::Filter::NoFilter);
    let mut writer = encoder.write_header().map_err(err)?;
    writer.write_image_data(&packed).map_err(err)?;
    writer.finish().map_err(err)?;
    Ok(bytes)
}

/// Packs one index per byte into `bits`-bit indices, each row starting on a new byte.
fn pack_indices(indices: &[u8], width_px: usize, bits: usize) -> Vec<u8> {
    if bits == 8 {
        return indices.to_vec();
    }
    let per_byte = 8 / bits;
    let mut out = Vec::with_capacity(indices.len() / per_byte + indices.len() / width_px.max(1));
    for row in indices.chunks(width_px.max(1)) {
        for chunk in row.chunks(per_byte) {
            let mut byte = 0u8;
            for (idx, &index) in chunk.iter().enumerate() {
                byte |= index << (8 - bits * (idx + 1));
            }
            out.push(byte);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_palettes_are_packed() {
        assert_eq!(
            pack_indices(&[1, 0, 1, 1, 0, 0, 0, 0, 1, 1], 5, 1),
            vec![0b1011_0000, 0b0001_1000]
        );
        assert_eq!(pack_indices(&[3, 1, 2], 3, 2), vec![0b1101_1000]);
        assert_eq!(pack_indices(&[15, 1, 2, 3, 4], 5, 4), vec![0xf1, 0x23, 0x40]);
        assert_eq!(pack_indices(&[7, 9], 2, 8), vec![7, 9]);
    }
}
