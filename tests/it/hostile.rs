//! Other people's files, round two (issue 23): company templates, the plans
//! mvplan writes, decks and pipes. One test (at least) per class of defect;
//! each hostile input is built here from a real template (the committed
//! python-pptx one, `tests/fixtures/pptx/acme-template.pptx`) or plan.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::*;

const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The committed template, its parts edited: `edit(name, bytes)` returns
/// the new bytes (or `None` to leave the part out); `extra` parts are added
/// (stored, so a test can pack large media cheaply or not).
fn template_with(
    edit: &dyn Fn(&str, Vec<u8>) -> Option<Vec<u8>>,
    extra: &[(&str, Vec<u8>)],
) -> Vec<u8> {
    let base = std::fs::read(root().join("tests/fixtures/pptx/acme-template.pptx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        f.read_to_end(&mut bytes).unwrap();
        if let Some(b) = edit(&name, bytes) {
            out.start_file(name, deflated).unwrap();
            out.write_all(&b).unwrap();
        }
    }
    for (name, bytes) in extra {
        out.start_file(*name, deflated).unwrap();
        out.write_all(bytes).unwrap();
    }
    out.finish().unwrap().into_inner()
}

fn text_edit(
    part: &'static str,
    f: impl Fn(String) -> String + 'static,
) -> impl Fn(&str, Vec<u8>) -> Option<Vec<u8>> {
    move |name, bytes| {
        if name == part {
            Some(f(String::from_utf8(bytes).unwrap()).into_bytes())
        } else {
            Some(bytes)
        }
    }
}

/// Runs mvplan, killed after `limit`: a test of "never hangs" must not hang.
fn run_with_deadline(dir: &Path, args: &[&str], limit: Duration) -> Option<Output> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_mvplan"))
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while started.elapsed() < limit {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
    None
}

/// Renders the b2b example to PowerPoint with `template` (bytes); the
/// command's output and the deck's path.
fn render_with_template(dir: &Path, template: &[u8]) -> (Output, PathBuf) {
    let t = dir.join("template.pptx");
    std::fs::write(&t, template).unwrap();
    let out = dir.join("deck.pptx");
    let plan = root().join("examples/b2b-saas.toml");
    let o = run_with_deadline(
        dir,
        &[
            "render",
            plan.to_str().unwrap(),
            "--format",
            "pptx",
            "--pptx-template",
            t.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "-q",
        ],
        Duration::from_secs(60),
    )
    .expect("the render finishes");
    (o, out)
}

/// Every part of a written deck, by name.
fn parts_of(deck: &Path) -> Vec<(String, Vec<u8>)> {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(deck).unwrap()).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// Whether `xml` is well-formed: every element closed, every attribute
/// once, no undefined entity, no DTD.
fn well_formed(xml: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(xml).map_err(|e| e.to_string())?;
    let mut r = quick_xml::Reader::from_str(text);
    let mut depth = 0i64;
    loop {
        match r.read_event().map_err(|e| e.to_string())? {
            quick_xml::events::Event::Start(e) => {
                depth += 1;
                for a in e.attributes() {
                    a.map_err(|e| e.to_string())?;
                }
            }
            quick_xml::events::Event::Empty(e) => {
                for a in e.attributes() {
                    a.map_err(|e| e.to_string())?;
                }
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::DocType(_) => return Err("a DTD".into()),
            quick_xml::events::Event::GeneralRef(g) => {
                let name = g.as_ref().to_string();
                if !name.starts_with('#')
                    && !["amp", "lt", "gt", "quot", "apos"].contains(&name.as_str())
                {
                    return Err(format!("undefined entity {name}"));
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    if depth == 0 {
        Ok(())
    } else {
        Err("unclosed".into())
    }
}

/// Checks a written deck as a package: every XML part well-formed, every
/// relationship internal and to a part that exists, every part with a
/// content type; no macro, control, OLE object or DTD anywhere.
fn assert_clean_package(deck: &Path) {
    let parts = parts_of(deck);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    let ct = &parts
        .iter()
        .find(|(n, _)| n == "[Content_Types].xml")
        .unwrap()
        .1;
    let ct = String::from_utf8_lossy(ct).into_owned();
    for (name, bytes) in &parts {
        assert!(
            !bytes.starts_with(b"\xD0\xCF\x11\xE0"),
            "{name} is an OLE compound file (a macro project or an embedded object)"
        );
        let lower = name.to_lowercase();
        assert!(
            !lower.contains("vba")
                && !lower.contains("activex")
                && !lower.contains("embeddings/ole")
                && !lower.contains("/tags/"),
            "{name} carried over"
        );
        assert!(!name.contains("..") && !name.contains('\\'), "{name}");
        if name.ends_with(".xml") || name.ends_with(".rels") {
            well_formed(bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
        if name.ends_with(".rels") {
            let text = String::from_utf8_lossy(bytes);
            let base = name
                .replace("_rels/", "")
                .trim_end_matches(".rels")
                .to_string();
            for rel in text.split("<Relationship ").skip(1) {
                if rel.contains("/hyperlink\"") && rel.contains("TargetMode=\"External\"") {
                    // mvplan's own links (the plan's web links) are fine.
                    assert!(name.starts_with("ppt/slides/"), "{name}: {rel}");
                    continue;
                }
                assert!(!rel.contains("External"), "{name}: {rel}");
                let target = rel
                    .split("Target=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap();
                let mut path: Vec<&str> = base.split('/').collect();
                path.pop();
                for seg in target.split('/') {
                    match seg {
                        ".." => {
                            path.pop();
                        }
                        s => path.push(s),
                    }
                }
                let resolved = path.join("/");
                assert!(
                    names.contains(&resolved.as_str()),
                    "{name}: dangling {target}"
                );
            }
        } else if name != "[Content_Types].xml" {
            let ext = name.rsplit('.').next().unwrap();
            assert!(
                ct.contains(&format!("PartName=\"/{name}\""))
                    || ct.contains(&format!("Extension=\"{ext}\"")),
                "{name} has no content type"
            );
        }
    }
    assert!(
        !ct.to_lowercase().contains("macro")
            && !ct.contains("vbaProject")
            && !ct.contains("activeX"),
        "{ct}"
    );
}

// ── Class 1: work per mention ───────────────────────────────────────────

#[test]
fn a_template_naming_its_master_and_layout_thousands_of_times_is_read_once() {
    let dir = tempfile::tempdir().unwrap();
    let masters = text_edit("ppt/presentation.xml", |x| {
        let ids: String = (0..100_000)
            .map(|i| {
                format!(
                    "<p:sldMasterId id=\"{}\" r:id=\"rId1\"/>",
                    2_147_483_648u64 + i
                )
            })
            .collect();
        x.replace("<p:sldMasterId id=\"2147483648\" r:id=\"rId1\"/>", &ids)
    });
    let t = template_with(&masters, &[]);
    let started = Instant::now();
    let (o, out) = render_with_template(dir.path(), &t);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_clean_package(&out);
    // A layout listed 50,000 times by its master.
    let layouts = text_edit("ppt/slideMasters/_rels/slideMaster1.xml.rels", |x| {
        let rels: String = (100..50_100)
            .map(|i| format!("<Relationship Id=\"rId{i}\" Type=\"{REL_NS}/slideLayout\" Target=\"../slideLayouts/slideLayout2.xml\"/>"))
            .collect();
        x.replace("</Relationships>", &format!("{rels}</Relationships>"))
    });
    let t = template_with(&layouts, &[]);
    let started = Instant::now();
    let (o, out) = render_with_template(dir.path(), &t);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_clean_package(&out);
    let layouts = parts_of(&out)
        .iter()
        .filter(|(n, _)| n.starts_with("ppt/slideLayouts/slideLayout"))
        .count();
    assert_eq!(layouts, 11, "each layout once");
}

// ── Class 2: text written unescaped ─────────────────────────────────────

#[test]
fn values_read_from_a_template_are_escaped_where_they_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let edit = |name: &str, bytes: Vec<u8>| {
        let x = String::from_utf8(bytes).unwrap();
        Some(
            match name {
                "ppt/theme/theme1.xml" => {
                    let at = x.find("<a:minorFont>").unwrap();
                    let (head, tail) = x.split_at(at);
                    let tail = tail.replacen(
                        "<a:latin typeface=\"DejaVu Sans\"",
                        "<a:latin typeface=\"Brand &amp; Co Sans&quot; b=&quot;1\"",
                        1,
                    );
                    format!("{head}{tail}")
                }
                n if n.starts_with("ppt/slideLayouts/slideLayout") && n.ends_with(".xml") => x
                    .replace(
                        "<p:ph type=\"title\"/>",
                        "<p:ph type=\"title&quot; x=&quot;&lt;\"/>",
                    )
                    .replace("idx=\"1\"", "idx=\"1&quot; sz=&quot;9\""),
                _ => x,
            }
            .into_bytes(),
        )
    };
    let theme = {
        let base = std::fs::read(root().join("tests/fixtures/pptx/acme-template.pptx")).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(base)).unwrap();
        let mut s = String::new();
        zip.by_name("ppt/theme/theme1.xml")
            .unwrap()
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(
        theme.contains("<a:minorFont><a:latin typeface=\"DejaVu Sans\""),
        "the fixture's body font"
    );
    let t = template_with(
        &|n, b| {
            if n.starts_with("ppt/") && (n.ends_with(".xml")) {
                edit(n, b)
            } else {
                Some(b)
            }
        },
        &[],
    );
    let (o, out) = render_with_template(dir.path(), &t);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_clean_package(&out);
    let slides: Vec<String> = parts_of(&out)
        .into_iter()
        .filter(|(n, _)| n.starts_with("ppt/slides/slide"))
        .map(|(_, b)| String::from_utf8(b).unwrap())
        .collect();
    assert!(slides.len() > 5);
    assert!(
        slides
            .iter()
            .any(|s| s.contains("typeface=\"Brand &amp; Co Sans&quot; b=&quot;1\"")),
        "the theme's font name, escaped"
    );
    // Every font and placeholder element has only the attributes mvplan
    // gives it: none injected from the template's values.
    for s in &slides {
        for (tag, allowed) in [("<a:latin ", 1), ("<p:ph ", 3)] {
            for el in s.split(tag).skip(1) {
                let el = el.split("/>").next().unwrap();
                assert!(el.matches("=\"").count() <= allowed, "{tag}{el}");
                assert!(!el.contains("sz=\"9\"") && !el.contains(" x="), "{tag}{el}");
            }
        }
    }
}

// ── Class 3: XML handled as text ────────────────────────────────────────

#[test]
fn the_default_text_style_is_parsed_and_written_again_not_cut_out() {
    let dir = tempfile::tempdir().unwrap();
    let edit = text_edit("ppt/presentation.xml", |x| {
        // A comment that names the element, and the style using an
        // extension namespace declared on the root only.
        x.replacen(
            "<p:presentation ",
            "<p:presentation xmlns:a14=\"http://schemas.microsoft.com/office/drawing/2010/main\" ",
            1,
        )
        .replacen(
            "<p:sldMasterIdLst>",
            "<!-- <p:defaultTextStyle> was here --><p:sldMasterIdLst>",
            1,
        )
        .replacen(
            "<a:defPPr>",
            "<a:extLst><a:ext uri=\"{x}\"><a14:hiddenFill/></a:ext></a:extLst><a:defPPr>",
            1,
        )
    });
    let t = template_with(&edit, &[]);
    let (o, out) = render_with_template(dir.path(), &t);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_clean_package(&out);
    let pres = parts_of(&out)
        .into_iter()
        .find(|(n, _)| n == "ppt/presentation.xml")
        .unwrap()
        .1;
    let pres = String::from_utf8(pres).unwrap();
    assert!(
        pres.contains("<a14:hiddenFill/>") && pres.contains("lvl9pPr"),
        "{pres}"
    );
}

// ── Class 4: DTDs ───────────────────────────────────────────────────────

#[test]
fn a_template_part_with_a_dtd_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    for part in [
        "ppt/slideLayouts/slideLayout2.xml",
        "ppt/theme/theme1.xml",
        "ppt/presentation.xml",
        "[Content_Types].xml",
    ] {
        let edit = text_edit(part, |x| {
            let body = x
                .split_once("?>")
                .map_or(x.as_str(), |(_, b)| b)
                .to_string();
            format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><!DOCTYPE x [<!ENTITY lol \"lol\"><!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>{body}"
            )
        });
        let t = template_with(&edit, &[]);
        let (o, out) = render_with_template(dir.path(), &t);
        assert_eq!(o.status.code(), Some(2), "{part}: {}", stderr(&o));
        assert!(stderr(&o).contains("DTD"), "{part}: {}", stderr(&o));
        assert!(!out.exists(), "{part}");
    }
}

// ── Class 5: what is carried over ───────────────────────────────────────

#[test]
fn only_what_the_slides_need_is_carried_over_and_validated() {
    let dir = tempfile::tempdir().unwrap();
    // An OLE compound file, as a macro project is, under an image's name.
    let mut ole = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    ole.resize(4096, 0);
    let png = std::fs::read(root().join("tests/fixtures/logo.png")).unwrap();
    let edit = |name: &str, bytes: Vec<u8>| -> Option<Vec<u8>> {
        let x = || String::from_utf8(bytes.clone()).unwrap();
        Some(match name {
            "ppt/slideMasters/_rels/slideMaster1.xml.rels" => x()
                .replace(
                    "</Relationships>",
                    &format!(
                        "<Relationship Id=\"rId90\" Type=\"{REL_NS}/image\" Target=\"file:///etc/passwd\" TargetMode=\"External\"/>\
                         <Relationship Id=\"rId91\" Type=\"{REL_NS}/image\" Target=\"\\\\host\\share\\x.png\" TargetMode=\"External\"/>\
                         <Relationship Id=\"rId92\" Type=\"{REL_NS}/control\" Target=\"../activeX/activeX1.xml\"/>\
                         <Relationship Id=\"rId93\" Type=\"http://schemas.microsoft.com/office/2006/relationships/vbaProject\" Target=\"../vbaProject.bin\"/>\
                         <Relationship Id=\"rId94\" Type=\"{REL_NS}/image\" Target=\"../media/missing.png\"/>\
                         <Relationship Id=\"rId95\" Type=\"{REL_NS}/image\" Target=\"../media/macro.png\"/>\
                         <Relationship Id=\"rId96\" Type=\"{REL_NS}/image\" Target=\"../../../../etc/passwd\"/>\
                         <Relationship Id=\"rId97\" Type=\"{REL_NS}/image\" Target=\"../media/logo.png\"/>\
                         <Relationship Id=\"rId98\" Type=\"{REL_NS}/image\" Target=\"../media/untyped.qqq\"/>\
                         <Relationship Id=\"rId99\" Type=\"{REL_NS}/tags\" Target=\"../tags/tag1.xml\"/>\
                         <Relationship Id=\"rId89\" Type=\"{REL_NS}/oleObject\" Target=\"../embeddings/oleObject1.bin\"/></Relationships>"
                    ),
                )
                .into_bytes(),
            "ppt/slideMasters/slideMaster1.xml" => x()
                .replacen(
                    "</p:spTree>",
                    "<p:pic><p:nvPicPr><p:cNvPr id=\"90\" name=\"beacon\"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:link=\"rId90\"/></p:blipFill><p:spPr/></p:pic>\
                     <p:pic><p:nvPicPr><p:cNvPr id=\"91\" name=\"logo\"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"rId97\"/></p:blipFill><p:spPr/></p:pic>\
                     <p:pic><p:nvPicPr><p:cNvPr id=\"92\" name=\"macro\"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"rId95\"/></p:blipFill><p:spPr/></p:pic></p:spTree>",
                    1,
                )
                .replacen(
                    "</p:cSld>",
                    "<p:custDataLst><p:tags r:id=\"rId99\"/></p:custDataLst><p:controls><p:control r:id=\"rId92\" name=\"x\" spid=\"1\"/></p:controls></p:cSld>",
                    1,
                )
                .into_bytes(),
            "[Content_Types].xml" => x()
                .replace(
                    "</Types>",
                    "<Default Extension=\"bin\" ContentType=\"application/vnd.ms-office.vbaProject\"/>\
                     <Override PartName=\"/ppt/media/macro.png\" ContentType=\"image/png\"/>\
                     <Override PartName=\"/ppt/media/logo.png\" ContentType=\"image/png\"/>\
                     <Override PartName=\"/ppt/activeX/activeX1.xml\" ContentType=\"application/vnd.ms-office.activeX+xml\"/></Types>",
                )
                .into_bytes(),
            _ => bytes,
        })
    };
    let t = template_with(
        &edit,
        &[
            ("ppt/vbaProject.bin", ole.clone()),
            ("ppt/media/macro.png", ole.clone()),
            ("ppt/media/logo.png", png.clone()),
            ("ppt/media/untyped.qqq", png.clone()),
            (
                "ppt/activeX/activeX1.xml",
                b"<ax:ocx xmlns:ax=\"x\"/>".to_vec(),
            ),
            ("ppt/embeddings/oleObject1.bin", ole.clone()),
            ("ppt/tags/tag1.xml", b"<p:tagLst xmlns:p=\"p\"/>".to_vec()),
            ("ppt/media/../../evil.png", png.clone()),
            ("ppt\\media\\back.png", png.clone()),
        ],
    );
    let (o, out) = render_with_template(dir.path(), &t);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_clean_package(&out);
    let parts = parts_of(&out);
    // The one real picture the master shows is kept, with its reference.
    let media: Vec<&(String, Vec<u8>)> = parts
        .iter()
        .filter(|(n, _)| n.starts_with("ppt/media/template-"))
        .collect();
    assert_eq!(
        media.len(),
        1,
        "{:?}",
        media.iter().map(|m| &m.0).collect::<Vec<_>>()
    );
    assert_eq!(media[0].1, png);
    let master = parts
        .iter()
        .find(|(n, _)| n == "ppt/slideMasters/slideMaster1.xml")
        .unwrap();
    let master = String::from_utf8_lossy(&master.1);
    assert!(master.contains("r:embed=\"rId97\""));
    assert!(
        !master.contains("rId90")
            && !master.contains("rId95")
            && !master.contains("p:controls")
            && !master.contains("custDataLst")
    );

    // Names equal but for case make the package ambiguous: refused.
    let dir = tempfile::tempdir().unwrap();
    let dup = template_with(
        &|_, b| Some(b),
        &[("PPT/presentation.xml", b"<x/>".to_vec())],
    );
    let (o, out) = render_with_template(dir.path(), &dup);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("without case"), "{}", stderr(&o));
    assert!(!out.exists());

    // A master whose content type is wrong is not a master.
    let dir = tempfile::tempdir().unwrap();
    let wrong = template_with(
        &text_edit("[Content_Types].xml", |x| {
            x.replace("presentationml.slideMaster+xml", "presentationml.slide+xml")
        }),
        &[],
    );
    let (o, _) = render_with_template(dir.path(), &wrong);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("no slide master"), "{}", stderr(&o));
}

// ── Class 6: memory ─────────────────────────────────────────────────────

#[test]
fn a_picture_that_inflates_is_held_once_and_written_compressed() {
    let dir = tempfile::tempdir().unwrap();
    // Seven pictures of 30 MiB each (a PNG signature and zeros: each within
    // the 32 MiB a part may inflate to, 210 MiB together) in a template of a
    // few hundred KB, all shown by the master.
    let mut big = b"\x89PNG\r\n\x1a\n".to_vec();
    big.resize(30 * 1024 * 1024, 0);
    let edit = |name: &str, bytes: Vec<u8>| -> Option<Vec<u8>> {
        let x = || String::from_utf8(bytes.clone()).unwrap();
        Some(match name {
            "ppt/slideMasters/_rels/slideMaster1.xml.rels" => {
                let rels: String = (0..7)
                    .map(|i| format!("<Relationship Id=\"rId9{i}\" Type=\"{REL_NS}/image\" Target=\"../media/big{i}.png\"/>"))
                    .collect();
                x().replace("</Relationships>", &format!("{rels}</Relationships>"))
                    .into_bytes()
            }
            "[Content_Types].xml" => x()
                .replace(
                    "</Types>",
                    "<Default Extension=\"png\" ContentType=\"image/png\"/></Types>",
                )
                .into_bytes(),
            _ => bytes,
        })
    };
    let pictures: Vec<(String, Vec<u8>)> = (0..7)
        .map(|i| (format!("ppt/media/big{i}.png"), big.clone()))
        .collect();
    let extra: Vec<(&str, Vec<u8>)> = pictures
        .iter()
        .map(|(n, b)| (n.as_str(), b.clone()))
        .collect();
    let t = template_with(&edit, &extra);
    drop(extra);
    drop(pictures);
    assert!(t.len() < 400 * 1024, "{}", t.len());
    let tp = dir.path().join("template.pptx");
    std::fs::write(&tp, &t).unwrap();
    let out = dir.path().join("deck.pptx");
    let plan = root().join("examples/b2b-saas.toml");
    // The kept pictures are held once: the whole render fits in 600 MB of
    // address space (held four times over they took a gigabyte).
    let o = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -v 600000 && exec \"$0\" render '{}' --format pptx --pptx-template '{}' -o '{}' -q",
            plan.display(),
            tp.display(),
            out.display()
        ))
        .arg(env!("CARGO_BIN_EXE_mvplan"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let size = std::fs::metadata(&out).unwrap().len();
    assert!(size < 4 * 1024 * 1024, "the deck is {size} bytes");
    assert_clean_package(&out);
}
