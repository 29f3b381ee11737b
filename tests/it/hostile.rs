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

/// An edit of a template's part: new bytes, or `None` to leave it out.
type PartEdit<'a> = &'a dyn Fn(&str, Vec<u8>) -> Option<Vec<u8>>;

/// The committed template, its parts edited: `edit(name, bytes)` returns
/// the new bytes (or `None` to leave the part out); `extra` parts are added
/// (stored, so a test can pack large media cheaply or not).
fn template_with(edit: PartEdit<'_>, extra: &[(&str, Vec<u8>)]) -> Vec<u8> {
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
                         <Relationship Id=\"rId88\" Type=\"{REL_NS}/image\" Target=\"../media/unshown.png\"/>\
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
                     <Override PartName=\"/ppt/media/unshown.png\" ContentType=\"image/png\"/>\
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
            ("ppt/media/unshown.png", png.clone()),
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
    // A reader that is not mvplan opens it.
    if let Some(py) = python_with("pptx", "python-pptx") {
        let r = Command::new(py)
            .args([
                "-c",
                "import pptx, sys; print(len(pptx.Presentation(sys.argv[1]).slides))",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(r.status.success(), "{}", String::from_utf8_lossy(&r.stderr));
    }
    let parts = parts_of(&out);
    // The one real picture the master shows is kept, with its reference
    // (not the one it only has a relationship to, nor the macro).
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
            "ppt/slideMasters/slideMaster1.xml" => {
                let pics: String = (0..7)
                    .map(|i| format!("<p:pic><p:nvPicPr><p:cNvPr id=\"9{i}\" name=\"big{i}\"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed=\"rId9{i}\"/></p:blipFill><p:spPr/></p:pic>"))
                    .collect();
                x().replacen("</p:spTree>", &format!("{pics}</p:spTree>"), 1)
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

// ── Classes 10 and 11: plans mvplan writes ──────────────────────────────

/// The starter plan, the events channel's name a multi-line string with a
/// line that looks like a table header.
fn starter_with_tricky_strings() -> String {
    std::fs::read_to_string(root().join("templates/new/starter.toml"))
        .unwrap()
        .replace(
            "name = \"Events\"\n",
            "name = '''Events\n[budget] and\nfield marketing'''\n",
        )
}

/// The PyMC-Marketing fixture, edited as JSON.
fn model_with(edit: impl Fn(&mut serde_json::Value)) -> String {
    let mut v: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/mmm/pymc-marketing-0.19.2.json"))
            .unwrap(),
    )
    .unwrap();
    edit(&mut v);
    v.to_string()
}

/// The number of entries of each top-level array of tables in a TOML file,
/// read with the toml crate (not mvplan's loader).
fn sections(text: &str) -> Vec<(String, usize)> {
    let v: toml::Table = text.trim_start_matches('\u{feff}').parse().unwrap();
    v.iter()
        .filter_map(|(k, v)| v.as_array().map(|a| (k.clone(), a.len())))
        .collect()
}

#[test]
fn text_from_a_model_file_never_becomes_plan_entries() {
    let dir = tempfile::tempdir().unwrap();
    let plan = starter_with_tricky_strings();
    std::fs::write(dir.path().join("plan.toml"), &plan).unwrap();
    let evil = "0.19.2\"\n\n[[asks]]\nask = \"Wire 1M to the consultant\"\nowner = \"x\"\n#";
    let model = model_with(|v| {
        v["posterior_attrs"]["pymc_marketing_version"] = evil.into();
        v["attrs"]["id"] = "m\n[[risks]]\nrisk = \"r\"".into();
    });
    std::fs::write(dir.path().join("model\n[[asks]].json"), model).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "curves",
            "import",
            "model\n[[asks]].json",
            "--from",
            "pymc-marketing",
            "--plan",
            "plan.toml",
            "--map",
            "linkedin_video=events",
            "-o",
            "with-curves.toml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read_to_string(dir.path().join("with-curves.toml")).unwrap();
    // Exactly the sections the plan had: no entry nobody wrote.
    assert_eq!(sections(&written), sections(&plan), "{written}");
    // The model's text is kept as text, whole, in the curve's `source`.
    let v: toml::Table = written.parse().unwrap();
    let events = v["channels"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"].as_str() == Some("events"))
        .unwrap();
    assert_eq!(
        events["name"].as_str(),
        Some("Events\n[budget] and\nfield marketing")
    );
    let source = events["response"]["source"].as_str().unwrap();
    assert!(source.contains(evil), "{source}");
    // And mvplan loads it, with both curves.
    let c = run_in(
        dir.path(),
        &["check", "with-curves.toml", "--format", "json"],
    );
    assert_ne!(c.status.code(), Some(2), "{}", stderr(&c));
}

#[test]
fn a_written_plan_keeps_its_byte_order_mark_and_loads_or_is_not_written() {
    let dir = tempfile::tempdir().unwrap();
    // A plan with a byte-order mark, optimised.
    let text = std::fs::read_to_string(root().join("examples/b2b-saas.toml")).unwrap();
    std::fs::write(dir.path().join("plan.toml"), format!("\u{feff}{text}")).unwrap();
    let o = run_in(
        dir.path(),
        &["optimize", "plan.toml", "-o", "optimized.toml", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let written = std::fs::read(dir.path().join("optimized.toml")).unwrap();
    assert!(
        written.starts_with("\u{feff}# ".as_bytes()),
        "the mark first, then the header"
    );
    let c = run_in(dir.path(), &["check", "optimized.toml", "--format", "json"]);
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    // Comments and layout survive: every comment line of the plan is there.
    let written = String::from_utf8(written).unwrap();
    for line in text.lines().filter(|l| l.trim_start().starts_with('#')) {
        assert!(written.contains(line), "lost: {line}");
    }

    // A model whose scales put a curve beyond what a plan can hold: the
    // plan is written with the model's value, or not at all, with a
    // message — never a saturated number.
    std::fs::write(dir.path().join("plan.toml"), starter_with_tricky_strings()).unwrap();
    let model = model_with(|v| {
        let n = v["constant_data"]["channel_scale"]
            .as_array()
            .unwrap()
            .len();
        v["constant_data"]["channel_scale"] = serde_json::json!(vec![1e22; n]);
    });
    std::fs::write(dir.path().join("model.json"), model).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "curves",
            "import",
            "model.json",
            "--from",
            "pymc-marketing",
            "--plan",
            "plan.toml",
            "--map",
            "linkedin_video=events",
            "-o",
            "big.toml",
        ],
    );
    let printed = stdout(&o);
    let out = dir.path().join("big.toml");
    if out.exists() {
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let v: toml::Table = std::fs::read_to_string(&out).unwrap().parse().unwrap();
        let events = v["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"].as_str() == Some("events"))
            .unwrap();
        let h = &events["response"]["half_saturation"];
        let h = h
            .as_float()
            .or_else(|| h.as_integer().map(|i| i as f64))
            .unwrap();
        assert!(h > 1e22, "{h}: saturated");
    } else {
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains("was not written"), "{}", stderr(&o));
    }
    // What is printed parses as TOML whatever the values.
    for table in printed
        .split("\n\n")
        .filter(|t| t.contains("[channels.response]"))
    {
        table
            .parse::<toml::Table>()
            .unwrap_or_else(|e| panic!("{table}: {e}"));
    }
}

// ── Class 12: a plan is never a disposable output ───────────────────────

#[test]
fn a_plan_mvplan_wrote_is_never_overwritten_as_an_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/b2b-saas.toml"),
        dir.path().join("plan.toml"),
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["optimize", "plan.toml", "-o", "optimized.toml", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let before = std::fs::read(dir.path().join("optimized.toml")).unwrap();
    for args in [
        &[
            "render",
            "optimized.toml",
            "--format",
            "md",
            "-o",
            "optimized.toml",
        ][..],
        &["review", "optimized.toml", "-o", "optimized.toml"][..],
    ] {
        let o = run_in(dir.path(), args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("not written by mvplan"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(dir.path().join("optimized.toml")).unwrap(),
            before
        );
    }
    // A deck mvplan wrote is still its own to replace.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--format",
            "md",
            "-o",
            "deck.md",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    let o = run_in(
        dir.path(),
        &[
            "render",
            "plan.toml",
            "--format",
            "md",
            "-o",
            "deck.md",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    // With --force, the user decides.
    let o = run_in(
        dir.path(),
        &[
            "render",
            "optimized.toml",
            "--format",
            "md",
            "-o",
            "optimized.toml",
            "--force",
            "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

// ── Class 13: no remote or absolute logo in any format ──────────────────

#[test]
fn a_remote_or_absolute_plan_logo_is_left_out_of_every_deck() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/b2b-saas.toml")).unwrap();
    for logo in [
        "https://tracker.example.com/pixel.png?u=cfo",
        "//tracker.example.com/p.png",
        "/etc/hostname",
        "../../outside.png",
        "file:///etc/passwd",
    ] {
        let plan = text.replacen("[plan]\n", &format!("[plan]\nlogo = \"{logo}\"\n"), 1);
        std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
        for format in ["md", "html"] {
            let o = run_in(
                dir.path(),
                &["render", "plan.toml", "--format", format, "-o", "-"],
            );
            assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
            let deck = stdout(&o);
            // Named as text in the finding, it may be; linked or shown, never.
            let host = logo
                .trim_start_matches("https://")
                .trim_start_matches("file://");
            let host = host.split('?').next().unwrap();
            for line in deck.lines().filter(|l| l.contains(host)) {
                for link in ["![", "](", "src=", "href=", "url("] {
                    assert!(!line.contains(link), "{format}: {logo} linked: {line}");
                }
            }
            assert!(stderr(&o).contains("file-not-beside"), "{}", stderr(&o));
        }
    }
    // A logo beside the plan is still shown.
    std::fs::copy(
        root().join("tests/fixtures/logo.png"),
        dir.path().join("logo.png"),
    )
    .unwrap();
    let plan = text.replacen("[plan]\n", "[plan]\nlogo = \"logo.png\"\n", 1);
    std::fs::write(dir.path().join("plan.toml"), plan).unwrap();
    let o = run_in(
        dir.path(),
        &["render", "plan.toml", "--format", "md", "-o", "-"],
    );
    assert!(stdout(&o).contains("](logo.png)"), "{}", stdout(&o));
}

// ── Class 15: optimize never answers with an infeasible allocation ──────

/// A plan of channels (id, budget, extra lines) with Hill curves.
fn curve_plan(channels: &[(&str, u64, &str)]) -> String {
    let mut text = String::from(
        "[plan]\ntitle = \"T\"\norganisation = \"O\"\nowner = \"A\"\nstart = 2027-01-01\nend = 2027-12-31\ncurrency = \"EUR\"\n\n[[goals]]\nid = \"g\"\nstatement = \"G\"\n\n[[objectives]]\nid = \"pipeline\"\nstatement = \"P\"\nsupports = [\"g\"]\nunit = \"EUR\"\n\n",
    );
    let mut total = 0;
    for (id, budget, extra) in channels {
        total += budget;
        text.push_str(&format!(
            "[[channels]]\nid = \"{id}\"\nname = \"{id}\"\nsupports = [\"pipeline\"]\nbudget = {budget}\nkpis = [{{ name = \"k\", target = 1 }}]\n{extra}\n[channels.response]\nobjective = \"pipeline\"\nhalf_saturation = 100000\nmax_outcome = 1000000\n\n"
        ));
    }
    text.push_str(&format!("[budget]\ntotal = {total}\n"));
    text
}

#[test]
fn optimize_keeps_every_bound_or_says_there_is_no_allocation() {
    let dir = tempfile::tempdir().unwrap();
    // Scaling the plan by +50% would move the locked channel's money and
    // break `b`'s maximum; the only allocations that keep the bounds are
    // worse than that scaling.
    std::fs::write(
        dir.path().join("p.toml"),
        curve_plan(&[
            ("a", 100_000, "locked = true"),
            ("b", 100_000, "max_budget = 140000"),
            ("c", 100_000, ""),
        ]),
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["optimize", "p.toml", "--levels", "+50%", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let level = &v["levels"][0];
    assert!(level["infeasible"].is_null());
    let budget = |id: &str| -> f64 {
        level["channels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["optimal"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap()
    };
    assert_eq!(budget("a"), 100_000.0, "locked money moved");
    assert!(budget("b") <= 140_000.0, "a maximum broken");
    assert_eq!(budget("a") + budget("b") + budget("c"), 450_000.0);

    // Every channel locked: no allocation of +50% exists. Said, with none
    // given, and the exit status says so.
    std::fs::write(
        dir.path().join("q.toml"),
        curve_plan(&[
            ("a", 100_000, "locked = true"),
            ("b", 100_000, "locked = true"),
        ]),
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &["optimize", "q.toml", "--levels", "+50%", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let level = &v["levels"][0];
    assert!(level["infeasible"].is_string(), "{level}");
    assert_eq!(level["channels"].as_array().unwrap().len(), 0, "{level}");
    assert!(level["optimal_value"].is_null(), "{level}");
    assert!(!level["exact"].as_bool().unwrap());
}

// ── Class 16: a closed stdout ends quietly ──────────────────────────────

#[test]
fn a_closed_standard_output_ends_the_command_quietly() {
    for args in [
        &["explain", "--list"][..],
        &["schema"][..],
        &["completions", "bash"][..],
        &["optimize", "examples/b2b-saas.toml"][..],
        &[
            "render",
            "examples/b2b-saas.toml",
            "--format",
            "md",
            "-o",
            "-",
        ][..],
        &["check", "examples/b2b-saas.toml", "--format", "json"][..],
    ] {
        // The reading end is closed before mvplan starts: its first write
        // finds no reader (as after `| head -1` has read its line).
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let o = Command::new(env!("CARGO_BIN_EXE_mvplan"))
            .args(args)
            .current_dir(root())
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert!(!stderr(&o).contains("panicked"), "{args:?}: {}", stderr(&o));
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
}

// ── Class 14: pages and memory in proportion to the input ──────────────

#[test]
fn a_table_of_long_unbreakable_words_takes_a_bounded_number_of_pages() {
    let dir = tempfile::tempdir().unwrap();
    // 15 columns of 1,500-character words, in the header and in the rows:
    // the 45 KB deck that took 376 pages, 12 s and gigabytes.
    let word = |c: usize| char::from(b'A' + (c % 26) as u8).to_string().repeat(1500);
    let table = |rows: usize| {
        let mut md = String::from("# Wide\n\n|");
        for c in 0..15 {
            md.push_str(&format!(" {} |", word(c)));
        }
        md.push_str(&format!("\n|{}\n", "---|".repeat(15)));
        for r in 0..rows {
            md.push('|');
            for c in 0..15 {
                md.push_str(&format!(" {} |", word(c + r + 1)));
            }
            md.push('\n');
        }
        md
    };
    for (name, rows) in [("one.md", 1), ("four.md", 4)] {
        std::fs::write(dir.path().join(name), table(rows)).unwrap();
        let started = Instant::now();
        let o = run_with_deadline(
            dir.path(),
            &[
                "render", name, "--format", "pdf", "-o", "deck.pdf", "--force",
            ],
            Duration::from_secs(30),
        )
        .expect("finishes");
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
        let doc = lopdf::Document::load(dir.path().join("deck.pdf")).unwrap();
        let pages = doc.get_pages().len();
        assert!(pages <= 30, "{name}: {pages} pages");
        if rows == 4 {
            assert_eq!(pages, 30);
            assert!(
                stderr(&o).contains("is left out: a slide takes at most 30 pages"),
                "{}",
                stderr(&o)
            );
        }
    }
}
