//! Every timer the app runs in the background, in one place: the WAL
//! checkpoints, the daily backup, group buys closing at their deadline,
//! suppliers' scheduled syncs, the shop's sync with its server, the update
//! check and a second launch asking for this window. Each job runs on a thread of its own (never on the
//! async runtime the commands share), first after a delay and then every
//! period, and keeps its last outcome for the window (`jobs_status`) and
//! the log. They all stop when the app ends.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use storefront_core::joblog::JobStatus;
use storefront_core::store::{self, CHECKPOINT_EVERY};
use storefront_core::{backup, shop_time};
use tauri::{AppHandle, Manager, State};

use crate::{campaigns, desktop, suppliers, terminals, updates, AppState};

/// What a job did, in a line for the log and the window; or why it failed.
pub type Outcome = Result<String, String>;

pub struct Job {
    pub name: &'static str,
    pub first_after: Duration,
    /// `None`: once.
    pub every: Option<Duration>,
    pub run: fn(&AppHandle) -> Outcome,
    /// Jobs that need the shop open are skipped while it is not.
    pub needs_shop: bool,
}

/// The jobs' outcomes, and the switch that stops them.
pub struct Jobs {
    status: Mutex<Vec<JobStatus>>,
    stopped: Arc<(Mutex<bool>, Condvar)>,
}

/// The app's jobs. The daily backup looks every hour (it makes one a day:
/// an app left open overnight still backs up the new day), ten seconds
/// after start so the first screen loads before the copy.
pub fn all(app: &AppHandle) -> Vec<Job> {
    let holds_shop = app.state::<AppState>().holds_shop();
    let mut jobs = vec![
        Job {
            name: "checkpoint",
            first_after: CHECKPOINT_EVERY,
            every: Some(CHECKPOINT_EVERY),
            run: checkpoint,
            needs_shop: true,
        },
        Job {
            name: "daily_backup",
            first_after: Duration::from_secs(10),
            every: Some(Duration::from_secs(3600)),
            run: daily_backup,
            needs_shop: true,
        },
        Job {
            name: "group_buy_deadlines",
            first_after: campaigns::DEADLINES_EVERY,
            every: Some(campaigns::DEADLINES_EVERY),
            run: campaigns::close_due_group_buys,
            needs_shop: true,
        },
        Job {
            name: "supplier_syncs",
            // A supplier already due syncs soon after start.
            first_after: Duration::from_secs(5),
            every: Some(suppliers::SCHEDULER_EVERY),
            run: suppliers::start_due_syncs,
            needs_shop: true,
        },
        Job {
            name: "shop_sync",
            first_after: Duration::from_secs(2),
            every: Some(terminals::SYNC_EVERY),
            run: terminals::sync_job,
            needs_shop: true,
        },
    ];
    if holds_shop {
        jobs.push(Job {
            name: "second_launch",
            first_after: desktop::SECOND_LAUNCH_EVERY,
            every: Some(desktop::SECOND_LAUNCH_EVERY),
            run: desktop::answer_second_launch,
            needs_shop: false,
        });
    }
    if updates::check_at_start(app) {
        jobs.push(Job {
            name: "update_check",
            first_after: updates::FIRST_CHECK_AFTER,
            every: None,
            run: updates::check_job,
            needs_shop: false,
        });
    }
    jobs
}

/// Copies the WAL back into the shop from a connection of its own, so no
/// save waits for it.
fn checkpoint(app: &AppHandle) -> Outcome {
    store::checkpoint(&app.state::<AppState>().path).map_err(|e| e.to_string())?;
    Ok(String::new())
}

/// Today's backup if there is none yet (the job log says how it went).
fn daily_backup(app: &AppHandle) -> Outcome {
    let state = app.state::<AppState>();
    let clock = state.read(|s| Ok(*s.clock())).map_err(|e| e.message)?;
    match backup::daily(&state.path, &clock).map_err(|e| e.code().to_string())? {
        Some(made) => Ok(format!("made {}", made.display())),
        None => Ok(String::new()),
    }
}

/// Starts `jobs`, each on its own thread.
pub fn start(app: &AppHandle, jobs: Vec<Job>) {
    let status = jobs
        .iter()
        .map(|j| JobStatus {
            name: j.name.into(),
            every_ms: j.every.map(|d| d.as_millis() as u64),
            runs: 0,
            last_at: None,
            last: None,
            failed: false,
        })
        .collect();
    let stopped = Arc::new((Mutex::new(false), Condvar::new()));
    app.manage(Jobs {
        status: Mutex::new(status),
        stopped: stopped.clone(),
    });
    for (i, job) in jobs.into_iter().enumerate() {
        let (app, stopped) = (app.clone(), stopped.clone());
        std::thread::spawn(move || run(&app, i, &job, &stopped));
    }
}

/// Stops every job at its next wait (a job already running finishes).
pub fn stop(app: &AppHandle) {
    if let Some(jobs) = app.try_state::<Jobs>() {
        let (flag, wake) = &*jobs.stopped;
        *flag.lock().unwrap_or_else(|p| p.into_inner()) = true;
        wake.notify_all();
    }
}

/// Waits `d` or until stopped; true when stopped.
fn wait(stopped: &(Mutex<bool>, Condvar), d: Duration) -> bool {
    let (flag, wake) = stopped;
    let guard = flag.lock().unwrap_or_else(|p| p.into_inner());
    let (guard, _) = wake
        .wait_timeout_while(guard, d, |stop| !*stop)
        .unwrap_or_else(|p| p.into_inner());
    *guard
}

fn run(app: &AppHandle, i: usize, job: &Job, stopped: &(Mutex<bool>, Condvar)) {
    let mut pause = job.first_after;
    loop {
        if wait(stopped, pause) {
            return;
        }
        let shop_open = app
            .try_state::<AppState>()
            .is_some_and(|s| s.open_error().is_none());
        if shop_open || !job.needs_shop {
            note(app, i, (job.run)(app));
        }
        match job.every {
            Some(every) => pause = every,
            None => return,
        }
    }
}

fn note(app: &AppHandle, i: usize, outcome: Outcome) {
    let at = app
        .try_state::<AppState>()
        .and_then(|s| s.read(|s| Ok(s.clock().format(shop_time::now()))).ok());
    let mut repeated = false;
    let name = app
        .try_state::<Jobs>()
        .and_then(|jobs| {
            let mut all = jobs.status.lock().ok()?;
            let s = all.get_mut(i)?;
            repeated = s.failed && outcome.as_ref().err() == s.last.as_ref();
            s.runs += 1;
            s.last_at = at;
            s.failed = outcome.is_err();
            s.last = Some(match &outcome {
                Ok(line) | Err(line) => line.clone(),
            });
            Some(s.name.clone())
        })
        .unwrap_or_default();
    match &outcome {
        // A server away fails every tick the same way: said once.
        Err(_) if repeated => {}
        Err(why) => log::warn!("job {name}: {why}"),
        // Quiet ticks (nothing to do) stay out of the log.
        Ok(line) if !line.is_empty() => log::info!("job {name}: {line}"),
        Ok(_) => {}
    }
}

/// The background jobs and how each last went (Settings → 关于).
#[tauri::command]
pub fn jobs_status(jobs: State<Jobs>) -> Vec<JobStatus> {
    jobs.status.lock().map(|s| s.clone()).unwrap_or_default()
}
