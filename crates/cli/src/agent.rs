//! `helpdock agent add|list|disable|enable`: the people who answer chats in the console.
//! Works on the same database `helpdock serve` uses (`--data` or `--database-url`), also while
//! the server runs.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};
use helpdock_server::storage::agents::hash_password;
use helpdock_server::storage::Db;

#[derive(clap::Args)]
pub struct Args {
    /// Folder of the SQLite database.
    #[arg(long, default_value = "data", global = true)]
    data: PathBuf,
    /// PostgreSQL instead of SQLite.
    #[arg(long, env = "HELPDOCK_DATABASE_URL", global = true)]
    database_url: Option<String>,
    #[command(subcommand)]
    action: Action,
}

#[derive(clap::Subcommand)]
enum Action {
    /// Add an agent. The password is read from standard input (asked for on a terminal).
    Add {
        username: String,
        /// The name visitors see, e.g. 小李.
        #[arg(long)]
        name: String,
        /// A team the agent answers for; repeat for several (default: general).
        #[arg(long = "team")]
        teams: Vec<String>,
    },
    /// List agents, their teams and whether they are online.
    List,
    /// Stop an agent from signing in, and end their sessions.
    Disable { username: String },
    /// Let a disabled agent sign in again.
    Enable { username: String },
}

/// The shortest password accepted: the console is reachable from the internet.
const MIN_PASSWORD: usize = 10;

pub fn run(args: Args) -> Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let db = Db::open(&args.data, args.database_url.as_deref()).await?;
        match args.action {
            Action::Add {
                username,
                name,
                teams,
            } => add(&db, &username, &name, teams).await,
            Action::List => list(&db).await,
            Action::Disable { username } => {
                db.set_agent_disabled(&username, true)
                    .await
                    .with_context(|| format!("cannot disable {username:?}"))?;
                println!("disabled {username}; their sessions have ended");
                Ok(())
            }
            Action::Enable { username } => {
                db.set_agent_disabled(&username, false)
                    .await
                    .with_context(|| format!("cannot enable {username:?}"))?;
                println!("enabled {username}");
                Ok(())
            }
        }
    })
}

async fn add(db: &Db, username: &str, name: &str, teams: Vec<String>) -> Result<()> {
    let valid = !username.is_empty()
        && username.len() <= 32
        && (username.bytes()).all(|b| b.is_ascii_alphanumeric() || b"._-".contains(&b));
    if !valid {
        bail!("a username is 1 to 32 letters, digits, '.', '_' or '-'");
    }
    if name.trim().is_empty() || name.chars().count() > 32 {
        bail!("--name must be 1 to 32 characters");
    }
    let teams = if teams.is_empty() {
        vec!["general".to_string()]
    } else {
        teams
    };
    let password = read_password()?;
    if password.chars().count() < MIN_PASSWORD {
        bail!("the password must be at least {MIN_PASSWORD} characters");
    }
    let hash = hash_password(&password).map_err(|e| anyhow::anyhow!("hashing failed: {e}"))?;
    db.add_agent(username, name.trim(), &hash, &teams)
        .await
        .with_context(|| format!("cannot add {username:?}"))?;
    println!("added {username} ({}) to {}", name.trim(), teams.join(", "));
    Ok(())
}

fn read_password() -> Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        return Ok(rpassword::prompt_password("password: ")?);
    }
    let mut line = String::new();
    stdin.lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

async fn list(db: &Db) -> Result<()> {
    let agents = db.list_agents().await?;
    if agents.is_empty() {
        println!("no agents yet: helpdock agent add <username> --name <name>");
    }
    for agent in agents {
        let state = if agent.disabled {
            "disabled"
        } else {
            agent.presence.as_str()
        };
        println!(
            "{:<20} {:<16} {:<24} {}",
            agent.username,
            agent.display_name,
            agent.teams.join(","),
            state
        );
    }
    Ok(())
}
