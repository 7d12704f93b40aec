//! The level each workload meets, over every environment linted: one entry per workload when
//! the environments agree, one per level (naming the environments) when they differ.

use serde::Serialize;

use super::{Level, Violation, level};
use crate::lint::context::PodTemplate;

/// The Pod Security Standards level one workload meets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Workload {
    pub kind: String,
    pub namespace: String,
    pub name: String,
    pub level: Level,
    /// The controls that keep it from the next level (none for `restricted`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub controls: Vec<&'static str>,
    /// The environments where it meets this level, when the environments differ.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub environments: Vec<String>,
}

/// Collects the levels of the workloads of every set linted.
#[derive(Debug, Default)]
pub struct Levels {
    entries: Vec<Workload>,
    environments: Vec<String>,
}

impl Levels {
    /// Records the level of `pod`, given its violations, in `environment`'s render.
    pub fn add(
        &mut self,
        pod: &PodTemplate<'_>,
        violations: &[Violation],
        environment: Option<&str>,
    ) {
        let level = level(violations);
        let mut controls: Vec<&'static str> = Vec::new();
        let next = violations.iter().map(|v| v.control.level).min();
        for violation in violations.iter().filter(|v| Some(v.control.level) == next) {
            if !controls.contains(&violation.control.name) {
                controls.push(violation.control.name);
            }
        }
        let object = pod.object;
        let environment = environment.map(str::to_owned);
        if let Some(e) = &environment
            && !self.environments.contains(e)
        {
            self.environments.push(e.clone());
        }
        let same = self.entries.iter_mut().find(|w| {
            w.kind == object.kind
                && w.namespace == object.namespace
                && w.name == object.name
                && w.level == level
                && w.controls == controls
        });
        match same {
            Some(entry) => {
                if let Some(e) = environment
                    && !entry.environments.contains(&e)
                {
                    entry.environments.push(e);
                }
            }
            None => self.entries.push(Workload {
                kind: object.kind.clone(),
                namespace: object.namespace.clone(),
                name: object.name.clone(),
                level,
                controls,
                environments: environment.into_iter().collect(),
            }),
        }
    }

    /// Every workload, the most restricted level first; environments are named only where a
    /// workload's level is not the same in all of them.
    pub fn finish(self) -> Vec<Workload> {
        let all = self.environments.len();
        let mut entries = self.entries;
        let keys: Vec<(String, String, String)> = entries
            .iter()
            .map(|w| (w.kind.clone(), w.namespace.clone(), w.name.clone()))
            .collect();
        for (index, entry) in entries.iter_mut().enumerate() {
            let alone = keys.iter().filter(|k| **k == keys[index]).count() == 1;
            if alone && entry.environments.len() == all {
                entry.environments.clear();
            }
        }
        entries.sort_by(|a, b| {
            b.level
                .cmp(&a.level)
                .then_with(|| {
                    (&a.kind, &a.namespace, &a.name).cmp(&(&b.kind, &b.namespace, &b.name))
                })
                .then_with(|| a.environments.cmp(&b.environments))
        });
        entries
    }
}
