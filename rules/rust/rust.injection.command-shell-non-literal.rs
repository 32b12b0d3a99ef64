use std::process::Command;

fn run(name: &str, cmd: String) -> std::io::Result<()> {
    // ruleid: rust.injection.command-shell-non-literal
    Command::new("sh").arg("-c").arg(format!("convert {} out.png", name)).status()?;
    // ruleid: rust.injection.command-shell-non-literal
    Command::new("bash").args(["-c", &cmd]).status()?;
    // ok: rust.injection.command-shell-non-literal
    Command::new("sh").arg("-c").arg("ls -l /tmp").status()?;
    // ok: rust.injection.command-shell-non-literal
    Command::new("convert").arg(name).arg("out.png").status()?;
    Ok(())
}
