//! Plans as Excel workbooks, for business units that plan in Excel.
//!
//! - [`write`]: the plan workbook, a sheet per section with the format's
//!   documentation, drop-downs from the format and the policy, money and
//!   date formats and totals as formulas; blank from a policy, or filled
//!   from a plan (`mvplan export --what plan-workbook`).
//! - [`read`] and [`import`]: a filled workbook → the TOML plan it holds,
//!   each part tied to its cell, so that every finding of the loader and
//!   the checker names a `Sheet!Cell` (`mvplan import`, and every command
//!   that reads a plan: `plan::read` takes a workbook as its TOML).
//!
//! The sheets and columns come from the format's schema ([`layout`]).

pub mod import;
pub mod layout;
pub mod read;
mod tree;
pub mod write;

use std::path::Path;
use std::sync::Arc;

pub use import::Imported;
pub use read::{is_package, is_plan_workbook};

/// Whether the file at `path` is a workbook (a ZIP package) rather than
/// text: its first bytes say, whatever its name. A file that can't be
/// read is not one (reading it as text says why).
pub fn is_workbook_file(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 4];
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && std::fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok()
        && is_package(&head)
}

use crate::source::{Cells, SourceFile};

/// Reads a plan workbook's bytes into the TOML plan it holds. `Err` when
/// the bytes are not a workbook that can be read at all.
pub fn import_bytes(bytes: &[u8]) -> Result<Imported, String> {
    let grids = read::sheets(bytes)?;
    Ok(import::import(&grids))
}

/// A plan workbook as a plan source: its TOML text, with the cell each
/// part came from and the workbook's own findings.
pub fn source(path: &Path, bytes: &[u8]) -> Result<SourceFile, String> {
    let imported = import_bytes(bytes)?;
    let mut source = SourceFile::new(path, imported.text);
    source.cells = Some(Arc::new(Cells {
        spans: imported.cells,
        findings: imported.findings,
    }));
    Ok(source)
}
