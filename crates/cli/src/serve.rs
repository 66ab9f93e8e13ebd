use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Result;
use helpdock_server::site::SiteConfig;
use helpdock_server::ServeConfig;
use tracing_subscriber::EnvFilter;

#[derive(clap::Args)]
pub struct Args {
    /// Address to listen on; port 0 picks a free port (printed on start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Folder for the SQLite database and the chat's attachments, created on first start.
    #[arg(long, default_value = "data")]
    data: PathBuf,
    /// Use PostgreSQL instead of SQLite (postgres://user:password@host/db), e.g. to run
    /// several instances that share the chat.
    #[arg(long, env = "HELPDOCK_DATABASE_URL")]
    database_url: Option<String>,
    /// The widget build (Trunk's output).
    #[arg(long, default_value = "dist/widget")]
    widget_dir: PathBuf,
    /// The help center build (`helpdock build`'s output).
    #[arg(long, default_value = "dist/help")]
    help_dir: PathBuf,
    /// An origin allowed to embed the widget from another site; repeat for several.
    #[arg(long = "allow-origin")]
    allowed_origins: Vec<String>,
    /// The site configuration (TOML): hotline, business hours, embedding origins.
    #[arg(long)]
    config: Option<PathBuf>,
    /// Also serve the demo customer site here, a different origin that embeds the widget.
    #[arg(long)]
    demo_host: Option<SocketAddr>,
}

pub fn run(args: Args) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| "warn".into()))
        .init();
    let site = match &args.config {
        Some(path) => SiteConfig::load(path)?,
        None => SiteConfig::default(),
    };
    let config = ServeConfig {
        addr: args.addr,
        data_dir: args.data,
        database_url: args.database_url,
        widget_dir: args.widget_dir,
        help_dir: args.help_dir,
        allowed_origins: args.allowed_origins,
        site,
        demo_host: args.demo_host,
    };
    let runtime = tokio::runtime::Runtime::new()?;
    runtime.block_on(async {
        let running = helpdock_server::start(config.clone()).await?;
        // Tests and scripts read this line to find an ephemeral port.
        println!("helpdock listening on http://{}", running.addr);
        match running.demo_host {
            Some(host) => {
                println!("  demo site   http://{host}/  (another origin, as a customer's site)")
            }
            None => println!("  demo page   http://{}/", running.addr),
        }
        match &config.database_url {
            Some(_) => println!("  database    PostgreSQL (--database-url)"),
            None => println!(
                "  database    {}",
                config.data_dir.join("helpdock.sqlite3").display()
            ),
        }
        println!("  console     http://{}/console/", running.addr);
        running.task.await??;
        anyhow::Ok(())
    })
}
