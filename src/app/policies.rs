//! Which policy applies to a plan, and each policy loaded once per run.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{Event, Failure, FindingsKind, Reporter, Stop};
use crate::policy::Policy;

/// Which policy applies: named with `--policy`, none (`--no-policy`), or
/// the one discovered beside the plan.
#[derive(Debug, Clone)]
pub enum PolicyChoice {
    Named(PathBuf),
    None,
    Discover,
}

impl PolicyChoice {
    pub fn from_flags(explicit: Option<&Path>, none: bool) -> PolicyChoice {
        match (explicit, none) {
            (_, true) => PolicyChoice::None,
            (Some(p), _) => PolicyChoice::Named(p.to_path_buf()),
            (None, false) => PolicyChoice::Discover,
        }
    }

    /// The policy file for `plan`, if any; discovered policies passed over
    /// as untrustworthy are reported.
    pub fn path_for(&self, plan: &Path, reporter: &mut dyn Reporter) -> Option<PathBuf> {
        match self {
            PolicyChoice::Named(p) => Some(p.clone()),
            PolicyChoice::None => None,
            PolicyChoice::Discover => crate::policy::discover_with(plan, &mut |path, why| {
                reporter.event(Event::PolicyPassedOver { path, why });
            }),
        }
    }
}

/// Loaded policies by path, so that a batch (or a server) loads each once.
#[derive(Default)]
pub struct Policies {
    loaded: HashMap<PathBuf, Option<Arc<Policy>>>,
}

impl Policies {
    /// The policy `choice` gives for `plan`, loaded once. A policy that
    /// doesn't load is reported (its findings, once) and stops the run.
    pub fn load(
        &mut self,
        choice: &PolicyChoice,
        plan: &Path,
        reporter: &mut dyn Reporter,
    ) -> Result<Option<Arc<Policy>>, Failure> {
        let Some(path) = choice.path_for(plan, reporter) else {
            return Ok(None);
        };
        if let Some(p) = self.loaded.get(&path) {
            return p.clone().map(Some).ok_or(Failure {
                stop: Stop::Unusable,
                message: None,
                help: None,
            });
        }
        match crate::load_policy(&path) {
            Ok(p) => {
                reporter.event(Event::PolicyUsed(&path));
                let p = Arc::new(p);
                self.loaded.insert(path, Some(p.clone()));
                Ok(Some(p))
            }
            Err((source, findings)) => {
                let name = path.display().to_string();
                reporter.event(Event::Findings {
                    kind: FindingsKind::Policy,
                    source: source.as_ref(),
                    name: &name,
                    findings: &findings,
                });
                self.loaded.insert(path, None);
                Err(Failure {
                    stop: Stop::Unusable,
                    message: Some(format!(
                        "the policy `{name}` has errors; nothing was checked against it"
                    )),
                    help: None,
                })
            }
        }
    }

    /// Forgets what was loaded (a server whose policy file changed).
    pub fn clear(&mut self) {
        self.loaded.clear();
    }
}
