"""`floorhr backup [--to DIR] [--verify ARCHIVE]`, `floorhr backup passphrase` and `floorhr restore ARCHIVE`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from app.cli_context import Context, pass_context, run
from app.errors import Refused
from app.i18n import using_language

PASSPHRASE_FILE = click.option(
    "--passphrase-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Read the passphrase from this file (else FLOORHR_BACKUP_PASSPHRASE, the stored passphrase, or a prompt).",
)


def _config(ctx: Context):
    from app.ops.backup import BackupConfig
    from app.settings import SettingsError

    try:
        return BackupConfig.from_env(ctx.settings)
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from exc


def _passphrase(ctx: Context, given: Path | None, confirm: bool = False) -> str:
    from app.ops.backup import stored_passphrase

    if given:
        return given.read_text().rstrip("\n")
    stored = stored_passphrase(_config(ctx))
    if stored:
        return stored
    if not sys.stdin.isatty():
        raise click.ClickException("no backup passphrase: set FLOORHR_BACKUP_PASSPHRASE or pass --passphrase-file")
    return click.prompt("Backup passphrase", hide_input=True, confirmation_prompt=confirm)


def _refusals(settings, work):
    """Run work in the CLI's event loop; a refusal becomes the command's error, in the installation's language."""
    try:
        return run(settings, work)
    except Refused as refused:
        with using_language(settings.lang):
            raise click.ClickException(refused.text) from None


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


@click.group(invoke_without_command=True)
@click.option(
    "--to",
    "folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the archive into this folder (default: FLOORHR_BACKUP_DIR, or DATA_DIR/backups).",
)
@click.option(
    "--verify",
    "archive",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Restore ARCHIVE into a throwaway database and compare its row counts with the manifest.",
)
@PASSPHRASE_FILE
@click.pass_context
def backup(click_ctx: click.Context, folder: Path | None, archive: Path | None, passphrase_file: Path | None) -> None:
    """Back up the database, the secret key and uploaded files into one encrypted archive (safe while serving)."""
    if click_ctx.invoked_subcommand:
        return
    ctx = click_ctx.ensure_object(Context)
    if archive:
        return _verify(ctx, archive, _passphrase(ctx, passphrase_file))
    from app.ops.backup import take_backup

    _config(ctx)  # the server's settings parse (a bad FLOORHR_BACKUP_* is the command's error)
    passphrase = _passphrase(ctx, passphrase_file, confirm=True)

    async def work():  # the Plant page's schedule (folder, copies kept) over the server's settings
        from app.ops.plan import current_config

        return await take_backup(ctx.settings, await current_config(ctx.settings), passphrase, "cli", folder)

    done = _refusals(ctx.settings, work)
    click.echo(
        f"backup written: {done.path} ({_size(done.size)}, {sum(done.counts.values())} rows, {done.seconds:.1f} s)"
    )
    if done.copied_to:
        click.echo(f"copied to {done.copied_to}")


def _verify(ctx: Context, archive: Path, passphrase: str) -> None:
    from app.ops.verify import verify

    checked = _refusals(ctx.settings, lambda: verify(archive, passphrase, ctx.settings))
    for line in checked.differences:
        click.echo(line)
    if not checked.ok:
        raise click.ClickException(f"{archive} restored with different row counts")
    click.echo(
        f"verified: {archive} ({checked.kind}, taken {checked.created_at}) restores "
        f"{sum(checked.found.values())} rows in {len(checked.found)} tables, as its manifest says"
    )


@backup.command()
@pass_context
def passphrase(ctx: Context) -> None:
    """Set the passphrase backups are encrypted with (kept in DATA_DIR/backup.passphrase; keep a copy in the safe)."""
    from app.ops.backup import store_passphrase
    from app.ops.crypto import MIN_PASSPHRASE

    chosen = click.prompt("New backup passphrase", hide_input=True, confirmation_prompt=True)
    if len(chosen) < MIN_PASSPHRASE:
        raise click.ClickException(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    config = _config(ctx)
    store_passphrase(config, chosen)
    click.echo(f"passphrase stored in {config.passphrase_file}: without it no backup can be restored")


@click.command()
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a database that already holds data.")
@PASSPHRASE_FILE
@pass_context
def restore(ctx: Context, archive: Path, replace: bool, passphrase_file: Path | None) -> None:
    """Restore ARCHIVE into this installation's database (stop the server first)."""
    from app.ops.restore import restore as run_restore

    done = _refusals(
        ctx.settings, lambda: run_restore(archive, _passphrase(ctx, passphrase_file), ctx.settings, replace)
    )
    click.echo(
        f"restored {archive.name}: a {done.source_kind} backup of floorhr {done.version} taken "
        f"{done.created_at}, into {done.target_kind}"
    )
    for name, count in sorted(done.counts.items()):
        if count:
            click.echo(f"  {name}: {count} rows")
    click.echo(
        f"{done.files} uploaded files and the secret key restored; "
        f"{done.migrations_applied} migrations applied since the backup"
    )


def backed_up_first(settings, skip: bool) -> None:
    """For `floorhr migrate`: the backup taken before migrations run on a database that holds data."""
    from app.ops.upgrade import backup_before_migrating

    before = _refusals(settings, lambda: backup_before_migrating(settings, skip))
    if before.backup:
        click.echo(f"{before.pending} migrations pending: backed up first to {before.backup}")
