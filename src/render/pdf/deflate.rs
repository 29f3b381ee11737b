//! Deflating the PDF's streams — a third of a dense deck's render — on two
//! threads, with the font embedding on the second.
//!
//! Every stream is deflated on its own by a compressor just reset, so its
//! bytes are the same whichever thread deflates it: the document is the
//! same as one deflated stream by stream in order. The second thread
//! subsets the fonts and deflates them while this one writes the glyph
//! codes into the pages' content streams and deflates those; then each
//! takes what is left, one stream at a time.

use std::sync::Mutex;
use std::sync::mpsc::{Receiver, Sender, channel};

use super::PdfError;
use super::embed::FontObjects;
use super::fonts::Face;
use super::paint::PagePaint;
use super::stream::{hex4, parse_hex4};

/// Deflate level for the PDF's streams. lopdf's own `compress` uses level 9
/// (with miniz), which took about 40% of a one-slide render: font subsets
/// are most of the bytes. zlib-rs at level 2 (its fast strategy) costs
/// about 3% in size against level 3 (the dense bench deck: 75 KB against
/// 73 KB) for 4% fewer instructions in the whole render.
const DEFLATE_LEVEL: u32 = 2;

/// One compressor, reset between streams: setting one up zeroes its
/// windows and tables (about 300 KB), which for a dense deck's forty-odd
/// streams cost more than the compressing.
pub struct Deflater(flate2::Compress);

impl Deflater {
    pub fn new() -> Deflater {
        Deflater(flate2::Compress::new(
            flate2::Compression::new(DEFLATE_LEVEL),
            true,
        ))
    }

    /// `input` deflated, or `None` when that does not make it smaller once
    /// `/Filter /FlateDecode` is counted (lopdf's rule).
    pub fn deflate(&mut self, input: &[u8]) -> Option<Vec<u8>> {
        let z = &mut self.0;
        z.reset();
        let mut out = Vec::with_capacity(input.len() / 2 + 64);
        loop {
            let consumed = usize::try_from(z.total_in()).ok()?;
            let rest = input.get(consumed..)?;
            match z.compress_vec(rest, &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => break,
                // The output is full: room for more.
                Ok(_) => out.reserve(out.capacity().max(1024)),
                Err(_) => return None,
            }
        }
        (out.len() + 19 < input.len()).then_some(out)
    }

    /// Deflates `stream` in place unless it may not be or already is.
    pub fn stream(&mut self, stream: &mut lopdf::Stream) {
        if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() {
            return;
        }
        if let Some(deflated) = self.deflate(&stream.content) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(deflated);
        }
    }
}

/// Deflates every stream of `doc` not deflated yet, in id order.
pub fn compress(doc: &mut lopdf::Document) {
    let mut z = Deflater::new();
    for object in doc.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            z.stream(stream);
        }
    }
}

/// A page's content stream, ready: deflated (`true`) or as written.
pub type Content = (Vec<u8>, bool);

/// The fonts, made and deflated by `embed` (on a second thread when one
/// can be started), and the pages' content streams with the glyph codes
/// they give, deflated. `predicted`: the codes when they are known before
/// the fonts are made (see [`FontObjects::predicted_codes`]); they are
/// checked against the fonts'.
pub fn embed_and_deflate<E>(
    embed: E,
    pages: Vec<PagePaint>,
    predicted: Option<[Vec<u16>; 4]>,
) -> Result<(Vec<FontObjects>, Vec<Content>), PdfError>
where
    E: Fn() -> Result<Vec<FontObjects>, PdfError> + Sync,
{
    let count = pages.len();
    let (jobs, queue) = channel::<(usize, Vec<u8>)>();
    let queue = Mutex::new(queue);
    let (codes_tx, codes_rx) = channel::<Option<[Vec<u16>; 4]>>();
    // The fonts, deflated; their codes are sent as soon as they are known.
    let fonts = |codes: Sender<Option<[Vec<u16>; 4]>>, z: &mut Deflater| {
        let fonts = embed();
        let _ = codes.send(fonts.as_ref().ok().map(|f| codes_of(f)));
        fonts.map(|mut fonts| {
            for stream in fonts.iter_mut().flat_map(FontObjects::streams_mut) {
                z.stream(stream);
            }
            fonts
        })
    };
    let (fonts, done) = std::thread::scope(|scope| -> Result<_, PdfError> {
        let second = std::thread::Builder::new().spawn_scoped(scope, || {
            let mut z = Deflater::new();
            let fonts = fonts(codes_tx, &mut z);
            (fonts, drain(&queue, &mut z))
        });
        match second {
            Ok(second) => {
                let ours = contents(pages, predicted.as_ref(), &codes_rx, &jobs);
                drop(jobs);
                let ours = ours.map(|()| drain(&queue, &mut Deflater::new()));
                let (fonts, theirs) = second
                    .join()
                    .map_err(|_| PdfError::Embed("a font could not be embedded".into()))?;
                Ok((
                    fonts,
                    ours.map(|mut ours| {
                        ours.extend(theirs);
                        ours
                    }),
                ))
            }
            // No second thread: the fonts first, then the pages, here.
            Err(_) => {
                let (codes_tx, codes_rx) = channel();
                let mut z = Deflater::new();
                let fonts = fonts(codes_tx, &mut z);
                let ours = contents(pages, predicted.as_ref(), &codes_rx, &jobs);
                drop(jobs);
                Ok((fonts, ours.map(|()| drain(&queue, &mut z))))
            }
        }
    })?;
    let fonts = fonts?;
    let mut done = done?;
    if predicted.is_some_and(|p| p != codes_of(&fonts)) {
        return Err(PdfError::Embed(
            "the embedded fonts' glyph codes are not those written".into(),
        ));
    }
    if done.len() != count {
        return Err(PdfError::Write("a content stream was lost".into()));
    }
    done.sort_by_key(|(i, _)| *i);
    Ok((fonts, done.into_iter().map(|(_, c)| c).collect()))
}

/// Each face's codes, by [`Face::index`].
fn codes_of(fonts: &[FontObjects]) -> [Vec<u16>; 4] {
    let mut codes: [Vec<u16>; 4] = Default::default();
    for font in fonts {
        codes[font.face.index()] = font.codes.clone();
    }
    codes
}

/// Writes the glyph codes into each page's content stream (the predicted
/// ones, or those the fonts give once made) and queues it to be deflated.
fn contents(
    pages: Vec<PagePaint>,
    predicted: Option<&[Vec<u16>; 4]>,
    codes: &Receiver<Option<[Vec<u16>; 4]>>,
    jobs: &Sender<(usize, Vec<u8>)>,
) -> Result<(), PdfError> {
    let given;
    let codes = match predicted {
        Some(codes) => codes,
        None => {
            given =
                codes.recv().ok().flatten().ok_or_else(|| {
                    PdfError::Embed("the fonts' glyph codes are not known".into())
                })?;
            &given
        }
    };
    for (i, page) in pages.into_iter().enumerate() {
        let PagePaint {
            mut content, shows, ..
        } = page;
        patch(&mut content, &shows, codes);
        if jobs.send((i, content)).is_err() {
            return Err(PdfError::Write("a content stream was lost".into()));
        }
    }
    Ok(())
}

/// Replaces the glyph ids of `shows` in `content` with their codes (same
/// width: nothing moves).
pub fn patch(content: &mut [u8], shows: &[(usize, usize, Face)], codes: &[Vec<u16>; 4]) {
    for (start, count, face) in shows {
        let table = &codes[face.index()];
        let Some(run) = content.get_mut(*start..*start + 4 * count) else {
            continue;
        };
        for digits in run.chunks_exact_mut(4) {
            let gid = parse_hex4(digits).unwrap_or(0);
            let code = table.get(usize::from(gid)).copied().unwrap_or(0);
            digits.copy_from_slice(&hex4(code));
        }
    }
}

/// Deflates queued streams until the queue is closed and empty.
fn drain(queue: &Mutex<Receiver<(usize, Vec<u8>)>>, z: &mut Deflater) -> Vec<(usize, Content)> {
    let mut done = Vec::new();
    loop {
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => break,
        };
        let Ok((i, bytes)) = job else { break };
        let content = match z.deflate(&bytes) {
            Some(deflated) => (deflated, true),
            None => (bytes, false),
        };
        done.push((i, content));
    }
    done
}
