//! A Stoplight Prism mock server, started on a free loopback port and stopped (with every
//! process it started) when dropped, also when the test panics.

use std::fs::File;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::tools;

/// The Prism version the suite is pinned to (also in `tests/prism/package.json`).
pub const PRISM_VERSION: &str = "5.16.0";

/// How Prism is started: the pinned local install, or `npx` fetching the same version.
pub enum Launcher {
    /// `tests/prism/node_modules/.bin/prism`, installed by `npm ci --prefix tests/prism`.
    Local(PathBuf),
    /// `npx --yes @stoplight/prism-cli@VERSION`.
    Npx,
}

impl Launcher {
    /// The local install if present (and Node runs), else `npx` if present.
    pub fn find() -> Option<Self> {
        let local = tools::root().join("tests/prism/node_modules/.bin/prism");
        if local.is_file() && tools::runs("node") {
            return Some(Self::Local(local));
        }
        tools::runs("npx").then_some(Self::Npx)
    }

    fn command(&self) -> Command {
        match self {
            Self::Local(path) => Command::new(path),
            Self::Npx => {
                let mut command = Command::new("npx");
                command.args(["--yes", &format!("@stoplight/prism-cli@{PRISM_VERSION}")]);
                command
            }
        }
    }

    /// How long Prism may take to listen (`npx` may have to download it first).
    fn startup_limit(&self) -> Duration {
        match self {
            Self::Local(_) => Duration::from_secs(60),
            Self::Npx => Duration::from_secs(240),
        }
    }

    /// A short description for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Local(path) => format!("{} (pinned local install)", path.display()),
            Self::Npx => format!("npx @stoplight/prism-cli@{PRISM_VERSION}"),
        }
    }
}

/// A running `prism mock`. Dropping it stops Prism's whole process group.
pub struct Prism {
    child: Child,
    addr: SocketAddr,
    log: PathBuf,
}

impl Prism {
    /// Starts `prism mock` on `spec` and waits until it accepts connections.
    pub fn start(launcher: &Launcher, spec: &Path, log: PathBuf) -> Self {
        let port = free_port();
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        let out = File::create(&log).expect("prism log can be created");
        let err = out.try_clone().expect("prism log handle can be cloned");
        let child = launcher
            .command()
            .args(["mock", "-h", "127.0.0.1", "-p", &port.to_string()])
            .arg(spec)
            .env("SCARF_NO_ANALYTICS", "true")
            .env("DO_NOT_TRACK", "1")
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(err)
            // Its own process group, so that dropping the guard stops npx, node and
            // anything they started, not only the first process.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start Prism ({}): {e}", launcher.describe()));
        let mut prism = Self { child, addr, log };
        prism.wait_until_listening(launcher.startup_limit());
        prism
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// What Prism has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    fn wait_until_listening(&mut self, limit: Duration) {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("Prism exited ({status}) before listening:\n{}", self.log());
            }
            // Prism logs its routes, then `Prism is listening`; the port accepting a
            // connection is the reliable signal.
            if TcpStream::connect_timeout(&self.addr, Duration::from_millis(200)).is_ok()
                && self.log().contains("listening")
            {
                return;
            }
            assert!(
                started.elapsed() < limit,
                "Prism did not listen on {} within {limit:?}:\n{}",
                self.addr,
                self.log()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Prism {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let signal = |name: &str| {
            let _ = Command::new("kill")
                .args([name, "--", &group])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        };
        signal("-TERM");
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is left of the group (the leader may have exited before its children).
        signal("-KILL");
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port nobody listens on right now.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port can be bound");
    listener
        .local_addr()
        .expect("a bound listener has an address")
        .port()
}
