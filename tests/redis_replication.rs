//! The chart's own Redis launch script, taken from the rendered ConfigMap, run three times with
//! real redis-server processes on 127.0.0.1: pod 0 is the master, the others replicate from it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::resp::{Connection, Reply};
use common::*;

const PASSWORD: &str = "journal \"pa$$\\word\"";
const MEMORY_LIMIT: u64 = 256 * 1024 * 1024;

/// The launch script exactly as the prod render ships it.
fn launch_script() -> String {
    let docs = render_env("prod");
    object(&docs, "ConfigMap", "journal-redis-launch")["data"]["launch.sh"]
        .as_str()
        .expect("the ConfigMap holds launch.sh")
        .to_owned()
}

fn require_redis_server() {
    require_on_path(
        "redis-server",
        "install it (apt-get install redis-server); .ci/run does",
    );
}

/// Ports the kernel just handed out on 127.0.0.1, so parallel test runs do not collide.
fn free_ports(count: usize) -> Vec<u16> {
    let listeners: Vec<_> = (0..count)
        .map(|_| std::net::TcpListener::bind("127.0.0.1:0").unwrap())
        .collect();
    listeners
        .iter()
        .map(|l| l.local_addr().unwrap().port())
        .collect()
}

/// Redis pods started from the script; killed when dropped, even when an assertion fails.
struct Pods {
    children: Vec<Child>,
    ports: Vec<u16>,
    logs: Vec<PathBuf>,
}

impl Drop for Pods {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Pods {
    fn start(dir: &Path, script: &Path, password_file: &Path, count: usize) -> Pods {
        let ports = free_ports(count);
        let mut pods = Pods {
            children: Vec::new(),
            ports: ports.clone(),
            logs: Vec::new(),
        };
        for (ordinal, port) in ports.iter().enumerate() {
            let pod_dir = dir.join(format!("pod-{ordinal}"));
            std::fs::create_dir_all(pod_dir.join("data")).unwrap();
            let log = pod_dir.join("log");
            let child = launch(script, &pod_dir, &format!("journal-redis-{ordinal}"))
                .env("REDIS_PORT", port.to_string())
                .env("REDIS_MASTER_HOST", "127.0.0.1")
                .env("REDIS_MASTER_PORT", ports[0].to_string())
                .env("REDIS_PASSWORD_FILE", password_file)
                .env("REDIS_MEMORY_LIMIT", MEMORY_LIMIT.to_string())
                .stdout(std::fs::File::create(&log).unwrap())
                .stderr(Stdio::from(
                    std::fs::File::create(pod_dir.join("stderr")).unwrap(),
                ))
                .spawn()
                .expect("sh runs the launch script");
            pods.children.push(child);
            pods.logs.push(log);
        }
        pods
    }

    fn logs(&self) -> String {
        self.logs
            .iter()
            .map(|l| std::fs::read_to_string(l).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// An authenticated connection to pod `ordinal`, waiting for it to listen.
    fn connect(&self, ordinal: usize) -> Connection {
        let mut conn = self.wait_for(ordinal, |port| Connection::open(port).ok());
        assert_eq!(
            conn.command(&["AUTH", PASSWORD]).unwrap(),
            Reply::Status("OK".into())
        );
        conn
    }

    fn wait_for<T>(&self, ordinal: usize, mut probe: impl FnMut(u16) -> Option<T>) -> T {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(value) = probe(self.ports[ordinal]) {
                return value;
            }
            assert!(
                Instant::now() < deadline,
                "pod {ordinal} not ready in time; logs:\n{}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `sh launch.sh` with the pod's HOSTNAME and private directories, bound to loopback only.
fn launch(script: &Path, pod_dir: &Path, hostname: &str) -> Command {
    let mut command = Command::new("sh");
    command
        .arg(script)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOSTNAME", hostname)
        .env("REDIS_BIND", "127.0.0.1")
        .env("REDIS_DATA_DIR", pod_dir.join("data"))
        .env("REDIS_RUNTIME_DIR", pod_dir.join("run"));
    command
}

fn info_field(conn: &mut Connection, section: &str, field: &str) -> Option<String> {
    let reply = conn.command(&["INFO", section]).ok()?;
    reply
        .text()?
        .lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")).map(str::to_owned))
}

#[test]
fn master_replicates_to_both_replicas_with_password_auth() {
    require_redis_server();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("launch.sh");
    std::fs::write(&script, launch_script()).unwrap();
    let password_file = dir.path().join("passwd");
    std::fs::write(&password_file, format!("{PASSWORD}\n")).unwrap();

    let pods = Pods::start(dir.path(), &script, &password_file, 3);
    let mut master = pods.connect(0);
    let mut replicas = [pods.connect(1), pods.connect(2)];

    assert_eq!(
        info_field(&mut master, "replication", "role").as_deref(),
        Some("master")
    );
    for (i, replica) in replicas.iter_mut().enumerate() {
        assert_eq!(
            info_field(replica, "replication", "role").as_deref(),
            Some("slave"),
            "pod {}",
            i + 1
        );
        assert_eq!(
            info_field(replica, "replication", "master_port"),
            Some(pods.ports[0].to_string()),
            "pod {} follows pod 0",
            i + 1
        );
    }

    // A write to the master appears on both replicas.
    let entry = "entry written to the master";
    assert_eq!(
        master.command(&["SET", "journal:1", entry]).unwrap(),
        Reply::Status("OK".into())
    );
    for (i, replica) in replicas.iter_mut().enumerate() {
        pods.wait_for(i + 1, |_| {
            (replica.command(&["GET", "journal:1"]).ok()? == Reply::Bulk(Some(entry.into())))
                .then_some(())
        });
    }

    // Replicas refuse writes.
    for replica in &mut replicas {
        match replica.command(&["SET", "journal:2", "x"]).unwrap() {
            Reply::Error(e) => assert!(e.starts_with("READONLY"), "{e}"),
            other => panic!("a replica accepted a write: {other:?}"),
        }
    }

    // Clients without the password, or with a wrong one, are refused everywhere.
    for port in &pods.ports {
        let mut anonymous = Connection::open(*port).unwrap();
        match anonymous.command(&["GET", "journal:1"]).unwrap() {
            Reply::Error(e) => assert!(e.starts_with("NOAUTH"), "{e}"),
            other => panic!("port {port} answered without a password: {other:?}"),
        }
        match anonymous.command(&["AUTH", "wrong"]).unwrap() {
            Reply::Error(e) => assert!(e.starts_with("WRONGPASS"), "{e}"),
            other => panic!("port {port} accepted a wrong password: {other:?}"),
        }
    }

    // maxmemory is the configured share (75%) of the memory limit.
    let reply = master.command(&["CONFIG", "GET", "maxmemory"]).unwrap();
    assert_eq!(
        reply,
        Reply::Array(vec![
            Reply::Bulk(Some("maxmemory".into())),
            Reply::Bulk(Some((MEMORY_LIMIT * 75 / 100).to_string()))
        ])
    );

    // The password is in a private file, never on a command line.
    for child in &pods.children {
        let cmdline = std::fs::read(format!("/proc/{}/cmdline", child.id())).unwrap();
        let cmdline = String::from_utf8_lossy(&cmdline);
        assert!(
            cmdline.contains("redis-server"),
            "the script execs redis-server: {cmdline}"
        );
        assert!(
            !cmdline.contains("pa$$"),
            "password on the command line: {cmdline}"
        );
    }
    let auth_conf = dir.path().join("pod-0/run/auth.conf");
    let mode = std::os::unix::fs::PermissionsExt::mode(
        &std::fs::metadata(auth_conf).unwrap().permissions(),
    );
    assert_eq!(mode & 0o077, 0, "auth.conf is readable by others");
}

#[test]
fn the_script_refuses_to_start_without_an_ordinal_or_a_password() {
    require_redis_server();
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("launch.sh");
    std::fs::write(&script, launch_script()).unwrap();
    let password_file = dir.path().join("passwd");
    std::fs::write(&password_file, "secret\n").unwrap();

    let output = launch(&script, dir.path(), "redis-without-ordinal")
        .env("REDIS_PASSWORD_FILE", &password_file)
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read the StatefulSet ordinal from HOSTNAME=redis-without-ordinal"),
        "{stderr}"
    );

    let output = launch(&script, dir.path(), "journal-redis-0")
        .env("REDIS_PASSWORD_FILE", dir.path().join("missing"))
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("missing is not readable"), "{stderr}");
}
