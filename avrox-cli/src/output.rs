//! Writing the files the commands make, safely.
//!
//! Every command that writes a file goes through [`write_file`], which
//!
//! - refuses an output that is one of the command's inputs (the data file,
//!   a schema file): compared as files (device and inode on Unix), so `x`
//!   and `./x`, a symbolic link and a hard link to an input are all caught;
//! - writes into a temporary file next to the output and renames it into
//!   place only once everything is written, flushed and synced: a run that
//!   fails halfway (bad input, a full disk) leaves an existing output as it
//!   was and removes its temporary file. A killed process can leave the
//!   temporary file (`.NAME.avrox-PID-N.tmp`), never a half-written output.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Write as _};
use std::path::{Path, PathBuf};

use crate::error::{CliError, CliResult, Context};

/// Writes `path` with `write`, through a temporary file renamed into place
/// when `write` succeeds. `inputs` are the files the command reads (`-`,
/// stdin, is ignored); an output that is one of them is refused before
/// anything is read or written.
pub fn write_file<T>(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut BufWriter<File>) -> CliResult<T>,
) -> CliResult<T> {
    let name = path.display().to_string();
    refuse_input(path, inputs)?;
    let mut temp = Temp::create(&target_of(path)).in_file(&name)?;
    let value = write(temp.writer())?;
    temp.commit().in_file(&name)?;
    Ok(value)
}

/// Refuses to write `output` when it is one of `inputs`: the command
/// would replace what it reads.
fn refuse_input(output: &Path, inputs: &[&Path]) -> CliResult<()> {
    let Ok(out) = fs::metadata(output) else {
        return Ok(()); // not there yet: not an input either
    };
    for input in inputs.iter().filter(|input| input.as_os_str() != "-") {
        if fs::metadata(input).is_ok_and(|i| same_file(output, &out, input, &i)) {
            return Err(CliError::about(
                output.display(),
                format!(
                    "is also an input ({}); write to another file",
                    input.display()
                ),
            ));
        }
    }
    Ok(())
}

#[cfg(unix)]
fn same_file(_: &Path, a: &fs::Metadata, _: &Path, b: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    a.dev() == b.dev() && a.ino() == b.ino()
}

#[cfg(not(unix))]
fn same_file(a: &Path, _: &fs::Metadata, b: &Path, _: &fs::Metadata) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// The file to replace: a symbolic link's target, so that the link stays
/// a link to the new file.
fn target_of(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match path.canonicalize() {
        Ok(target) if is_link => target,
        _ => path.to_path_buf(),
    }
}

/// A temporary file in the output's folder (a rename across file systems
/// would not be atomic), removed on drop unless committed.
struct Temp {
    path: PathBuf,
    target: PathBuf,
    /// `None` once committed; an `Option` so that drop can close the file
    /// before removing it (Windows cannot remove an open file).
    file: Option<BufWriter<File>>,
}

impl Temp {
    fn create(target: &Path) -> io::Result<Temp> {
        let folder = match target.parent() {
            Some(parent) if !parent.as_os_str().is_empty() => parent,
            _ => Path::new("."),
        };
        let base = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let pid = std::process::id();
        let mut attempt = 0;
        loop {
            let path = folder.join(format!(".{base}.avrox-{pid}-{attempt}.tmp"));
            // `create_new`: never open someone else's file of that name.
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(file) => {
                    // The replaced file's permissions, not the umask's.
                    if let Ok(old) = fs::metadata(target) {
                        let _ = file.set_permissions(old.permissions());
                    }
                    return Ok(Temp {
                        path,
                        target: target.to_path_buf(),
                        file: Some(BufWriter::with_capacity(256 * 1024, file)),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn writer(&mut self) -> &mut BufWriter<File> {
        self.file.as_mut().expect("there until committed")
    }

    /// Flushes, syncs (so the rename never exposes data still in flight)
    /// and renames the file into place.
    fn commit(mut self) -> io::Result<()> {
        let mut file = self.file.take().expect("there until committed");
        file.flush()?;
        file.get_ref().sync_all()?;
        drop(file);
        fs::rename(&self.path, &self.target)?;
        self.path = PathBuf::new(); // nothing left to remove
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        drop(self.file.take());
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}
