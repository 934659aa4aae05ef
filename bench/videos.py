"""Hand-run benchmark: video renditions, ours (PyAV) beside Debian's ffmpeg, and memory.

    apt-get install -y ffmpeg        # the reference command line (not needed by the tests)
    .venv/bin/python bench/videos.py [--seconds 60] [--skip-memory] [--compare-presets]

1. Generates a ``--seconds``-long 1080p clip at 25 frames per second with sound (FFmpeg's
   ``testsrc2`` pattern with light grain, H.264 ``ultrafast`` and AAC), in a temporary
   folder.
2. Makes every rendition of it (``rendition_heights(1080)``: 360, 720, 1080) in
   ``--rounds`` rounds, each twice, the order alternating from round to round: with
   ``videos.processing.transcode`` in a child process (as the worker runs it, through
   ``run_low_priority``, given the source's probe as the job does, but at normal
   priority so that the two are compared on equal terms; its fork server already
   started, as in a worker that has run a job before: the first child's start is
   printed apart), and with one ``ffmpeg`` process that decodes once and ``split``s the
   picture to three ``scale`` + ``libx264`` chains with the same preset, CRF, pixel
   format and AAC settings: what a video engineer would type. Printed for
   each: wall time, its ratio to the clip's duration (the target is ≤ 1×, and no slower
   than ffmpeg), the peak resident memory (RSS high-water mark) of the process that did
   the work, and the renditions' sizes. The two use different FFmpeg builds (PyAV's
   bundled one, Debian's): compare ratios. Also printed: what encoding the sound costs
   per rendition (what ``transcode`` saves by encoding it once for every rendition).
3. Unless ``--skip-memory``: generates a ~100 MB and a ~1 GB source (lossless H.264 with
   heavy grain, so that they are large for their duration), makes all their renditions
   with ``transcode`` in a child process and prints that process's peak RSS: it should
   not grow with the file's size. The files are deleted at the end.
4. With ``--compare-presets``: ffmpeg alone with other x264 presets, time and total size,
   the measurement behind ``X264_PRESET``.

The load average is printed before and after: on a shared machine, compare the ratios.
"""

# ruff: noqa: T201 (a hand-run script: it prints its figures)

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings.dev")

import av  # noqa: E402

from tests.videos.samples import make_video  # noqa: E402
from videos.processing import (  # noqa: E402
    AUDIO_BIT_RATE,
    AUDIO_SAMPLE_RATE,
    X264_CRF,
    X264_PRESET,
    probe,
    rendition_heights,
    run_low_priority,
    transcode,
)

GRAIN = 6
MEMORY_SIZES = {"100 MB": 100_000_000, "1 GB": 1_000_000_000}
OTHER_PRESETS = ("ultrafast", "superfast", "veryfast", "faster", "fast")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="length of the clip")
    parser.add_argument("--rounds", type=int, default=2, help="comparisons with ffmpeg (0: none)")
    parser.add_argument("--skip-memory", action="store_true", help="skip the 100 MB/1 GB runs")
    parser.add_argument("--compare-presets", action="store_true", help="ffmpeg at other presets")
    parser.add_argument("--workdir", type=Path, help="where to write (default: a temp dir)")
    options = parser.parse_args()
    if not shutil.which("ffmpeg"):
        sys.exit("Install Debian's ffmpeg first: apt-get install -y ffmpeg")
    import django

    django.setup()
    print(f"PyAV {av.__version__} (FFmpeg {av.ffmpeg_version_info}); {ffmpeg_version()}")
    print(f"x264 preset {X264_PRESET}, CRF {X264_CRF}; {os.cpu_count()} CPUs")
    print(f"load average before: {load_average()}")
    workdir = Path(tempfile.mkdtemp(prefix="bench-videos-", dir=options.workdir))
    try:
        clip = workdir / "clip.mp4"
        started = time.monotonic()
        make_video(clip, seconds=options.seconds, width=1920, height=1080, noise=GRAIN)
        info = probe(clip)
        print(
            f"\nclip: {info.duration:.1f} s, {info.width}×{info.height}, "
            f"{info.frame_rate:g} fps, {mb(clip.stat().st_size)} "
            f"(generated in {time.monotonic() - started:.1f} s)"
        )
        if options.rounds:
            compare(clip, info.duration, workdir, options.rounds)
        audio_cost(clip, info.duration)
        if options.compare_presets:
            compare_presets(clip, info.duration, workdir)
        if not options.skip_memory:
            memory(workdir)
    finally:
        shutil.rmtree(workdir)
    print(f"\nload average after: {load_average()}")


def compare(clip: Path, duration: float, workdir: Path, rounds: int) -> None:
    heights = rendition_heights(1080)
    started = time.monotonic()
    run_low_priority(os.getpid, niceness=0)
    first = time.monotonic() - started
    started = time.monotonic()
    run_low_priority(os.getpid, niceness=0)
    print(
        f"\nchild process start: {first:.2f} s for a worker's first (the fork server sets "
        f"Django up), then {time.monotonic() - started:.3f} s (forked from it)"
    )
    started = time.monotonic()
    info = probe(clip)
    print(
        f"probe (the job's check of the source, once, before the transcode): "
        f"{time.monotonic() - started:.2f} s"
    )
    print(f"\nall renditions ({', '.join(f'{h}p' for h in heights)}) of the {duration:g} s clip:")
    print(f"{'':34} {'wall':>8} {'× clip':>7} {'CPU':>8} {'peak RSS':>9}   sizes")
    ratios = []
    for number in range(1, rounds + 1):
        ours = {height: workdir / f"ours-{height}.mp4" for height in heights}
        theirs = {height: workdir / f"ffmpeg-{height}.mp4" for height in heights}
        # Alternate which goes first, so that neither always follows a cooler machine.
        for side in ("ours", "ffmpeg") if number % 2 else ("ffmpeg", "ours"):
            if side == "ours":
                started = time.monotonic()
                _, _, rss, cpu = run_low_priority(measured_transcode, clip, ours, info, niceness=0)
                wall = time.monotonic() - started
                row(f"round {number}: ours (child process)", wall, duration, cpu, rss, ours)
            else:
                ffmpeg_wall, ffmpeg_rss, ffmpeg_cpu = run_ffmpeg(clip, theirs, X264_PRESET)
                row(
                    f"round {number}: ffmpeg (split)",
                    ffmpeg_wall,
                    duration,
                    ffmpeg_cpu,
                    ffmpeg_rss,
                    theirs,
                )
        ratios.append((wall / ffmpeg_wall, cpu / ffmpeg_cpu))
        print(f"round {number}: ours / ffmpeg: wall {ratios[-1][0]:.2f}, CPU {ratios[-1][1]:.2f}")
    print(
        f"ours / ffmpeg over {rounds} rounds: wall "
        f"{statistics.median(wall for wall, _ in ratios):.2f} (median), CPU "
        f"{statistics.median(cpu for _, cpu in ratios):.2f}"
    )


def row(label: str, wall: float, duration: float, cpu: float, rss: int, outputs: dict) -> None:
    print(
        f"{label:34} {wall:7.1f}s {wall / duration:6.2f}× {cpu:7.1f}s "
        f"{rss / 1024:7.0f}MB   {sizes(outputs)}"
    )


def measured_transcode(
    clip: Path, outputs: dict[int, Path], info=None
) -> tuple[dict, float, int, float]:
    """Run in the child: transcode's results, its wall time (s), this process's peak RSS
    (KiB) and CPU time (user + system, s, since the fork)."""
    started = time.monotonic()
    results = transcode(clip, outputs, info=info)
    elapsed = time.monotonic() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return results, elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def run_ffmpeg(clip: Path, outputs: dict[int, Path], preset: str) -> tuple[float, int, float]:
    """ffmpeg making ``outputs`` from one decode; its wall time (s), peak RSS (KiB) and
    CPU time (s)."""
    labels = [f"v{height}" for height in outputs]
    graph = f"[0:v]split={len(outputs)}" + "".join(f"[{label}]" for label in labels) + ";"
    graph += ";".join(
        f"[{label}]scale=-2:{height}:flags=bicubic[o{height}]"
        for label, height in zip(labels, outputs, strict=True)
    )
    command = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-i", str(clip)]
    command += ["-filter_complex", graph]
    for height, path in outputs.items():
        command += ["-map", f"[o{height}]", "-map", "0:a?"]
        command += ["-c:v", "libx264", "-preset", preset, "-crf", str(X264_CRF)]
        command += ["-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", str(AUDIO_BIT_RATE)]
        command += ["-ar", str(AUDIO_SAMPLE_RATE), "-ac", "2", "-movflags", "+faststart"]
        command.append(str(path))
    started = time.monotonic()
    process = subprocess.Popen(command)  # noqa: S603
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    elapsed = time.monotonic() - started
    if process.returncode:
        sys.exit(f"ffmpeg failed ({process.returncode})")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def audio_cost(clip: Path, duration: float) -> None:
    """Time to encode the clip's sound once as the renditions do (AAC stereo 48 kHz)."""
    with av.open(str(clip)) as source:
        frames = list(source.decode(audio=0))
    encoder = av.CodecContext.create("aac", "w")
    encoder.sample_rate, encoder.layout, encoder.format = AUDIO_SAMPLE_RATE, "stereo", "fltp"
    encoder.bit_rate, encoder.time_base = AUDIO_BIT_RATE, Fraction(1, AUDIO_SAMPLE_RATE)
    started = time.process_time()
    for frame in frames:
        encoder.encode(frame)
    encoder.encode(None)
    elapsed = time.process_time() - started
    print(
        f"\nAAC encoding of the clip's sound, once: {elapsed:.2f} s of CPU "
        f"({elapsed / duration:.3f}× the clip): paid once by ours, once per rendition by "
        "ffmpeg"
    )


def compare_presets(clip: Path, duration: float, workdir: Path) -> None:
    heights = rendition_heights(1080)
    print("\nffmpeg, all renditions, by x264 preset (same CRF):")
    for preset in OTHER_PRESETS:
        outputs = {height: workdir / f"preset-{preset}-{height}.mp4" for height in heights}
        elapsed, _, cpu = run_ffmpeg(clip, outputs, preset)
        total = sum(path.stat().st_size for path in outputs.values())
        print(
            f"  {preset:10} wall {elapsed:7.1f}s {elapsed / duration:6.2f}×, "
            f"CPU {cpu:7.1f}s {cpu / duration:6.2f}×, total {mb(total)}"
        )
        for path in outputs.values():
            path.unlink()


def memory(workdir: Path) -> None:
    print("\npeak RSS of the transcoding child process, by source size (all renditions):")
    for label, target in MEMORY_SIZES.items():
        source = workdir / f"large-{label.replace(' ', '')}.mp4"
        started = time.monotonic()
        make_large(source, target)
        generated = time.monotonic() - started
        info = probe(source)
        heights = rendition_heights(info.display_height)
        outputs = {height: workdir / f"large-{height}.mp4" for height in heights}
        started = time.monotonic()
        _, _, rss, _ = run_low_priority(measured_transcode, source, outputs, niceness=0)
        wall = time.monotonic() - started
        print(
            f"  {label:7} source: {mb(source.stat().st_size):>9}, {info.duration:5.1f} s "
            f"(generated in {generated:.0f} s); transcode {wall:6.1f} s; "
            f"peak RSS {rss / 1024:.0f} MB"
        )
        source.unlink()
        for path in outputs.values():
            path.unlink()


def make_large(path: Path, target: int) -> None:
    """A 1080p lossless H.264 (``qp=0``) source of heavy grain with AAC sound, cut once
    its packets reach ``target`` bytes: large for its duration."""
    fps = 25
    with av.open(str(path), "w") as output:
        video = output.add_stream("libx264", rate=fps, options={"preset": "ultrafast", "qp": "0"})
        video.width, video.height, video.pix_fmt = 1920, 1080, "yuv420p"
        sound = output.add_stream("aac", rate=AUDIO_SAMPLE_RATE)
        written, index = 0, 0
        pattern = "testsrc2=size=1920x1080:rate=25,noise=alls=30:allf=t+u"
        tone = f"sine=frequency=440:sample_rate={AUDIO_SAMPLE_RATE}"
        with av.open(pattern, format="lavfi") as pictures, av.open(tone, format="lavfi") as sine:
            frames, samples = pictures.decode(video=0), sine.decode(audio=0)
            audio_time = 0.0
            while written < target:
                frame = next(frames)
                frame.pts, frame.time_base = index, Fraction(1, fps)
                for packet in video.encode(frame):
                    written += packet.size
                    output.mux(packet)
                index += 1
                while audio_time < index / fps:
                    chunk = next(samples)
                    audio_time = float((chunk.pts + chunk.samples) * chunk.time_base)
                    output.mux(sound.encode(chunk))
        output.mux(video.encode(None))
        output.mux(sound.encode(None))


def ffmpeg_version() -> str:
    result = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True, check=True)  # noqa: S603, S607
    return result.stdout.splitlines()[0].split(" Copyright")[0]


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def sizes(outputs: dict[int, Path]) -> str:
    return ", ".join(f"{height}p {mb(path.stat().st_size)}" for height, path in outputs.items())


if __name__ == "__main__":
    main()
