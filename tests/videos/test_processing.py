"""The media-processing library (``videos.processing``) on small clips made at run time."""

import os
import signal
import struct
from fractions import Fraction
from pathlib import Path

import av
import pytest
from PIL import Image, ImageChops, ImageStat

from tests.videos.samples import make_audio_only, make_image, make_video, truncate
from videos.processing import (
    InvalidVideo,
    ProcessingInterrupted,
    extract_poster,
    probe,
    rendition_heights,
    run_low_priority,
    transcode,
    transcode_in_subprocess,
)
from videos.processing.lowpriority import LOW_PRIORITY_NICENESS
from videos.processing.poster import TURNS

SMALL = {"width": 320, "height": 180, "seconds": 1}


@pytest.fixture
def source(tmp_path):
    return make_video(tmp_path / "source.mp4", **SMALL)


# Probe


@pytest.mark.parametrize(
    ("name", "options", "expected"),
    [
        ("a.mp4", {}, ("mov,mp4,m4a,3gp,3g2,mj2", "h264", "aac")),
        ("a.mp4", {"audio": False}, ("mov,mp4,m4a,3gp,3g2,mj2", "h264", None)),
        ("a.webm", {"codec": "libvpx-vp9"}, ("matroska,webm", "vp9", "opus")),
        ("a.mkv", {}, ("matroska,webm", "h264", "aac")),
        ("a.mov", {"codec": "prores_ks"}, ("mov,mp4,m4a,3gp,3g2,mj2", "prores", "aac")),
        ("a.avi", {"codec": "mpeg4"}, ("avi", "mpeg4", "mp3")),
    ],
)
def test_probe_reads_accepted_videos(tmp_path, name, options, expected):
    path = make_video(tmp_path / name, seconds=1, width=160, height=90, fps=25, **options)

    result = probe(path)

    assert (result.container, result.video_codec, result.audio_codec) == expected
    assert result.has_audio is (expected[2] is not None)
    assert (result.width, result.height, result.display_width) == (160, 90, 160)
    assert result.frame_rate == 25
    assert result.duration == pytest.approx(1, abs=0.05)


def test_probe_reads_the_displayed_width_of_non_square_pixels(tmp_path):
    path = make_video(tmp_path / "a.mp4", **SMALL, sample_aspect=Fraction(4, 3))

    result = probe(path)

    assert (result.display_width, result.display_height) == (427, 180)
    assert result.display_aspect == Fraction(16, 9) * Fraction(4, 3)


@pytest.mark.parametrize(
    ("rotation", "size"), [(0, (320, 180)), (90, (180, 320)), (180, (320, 180)), (270, (180, 320))]
)
def test_probe_reads_the_rotation_of_a_picture_stored_on_its_side(tmp_path, rotation, size):
    path = make_video(tmp_path / "a.mp4", **SMALL, rotation=rotation)

    result = probe(path)

    assert result.rotation == rotation
    assert (result.width, result.height) == (320, 180)
    assert (result.display_width, result.display_height) == size


def _text(path):
    path.write_text("Ceci est un communiqué, pas une vidéo.\n" * 50)
    return path


def _empty(path):
    path.touch()
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: _text(d / "video.mp4"), "n'est pas une vidéo"),
        (lambda d: _empty(d / "empty.mp4"), "vide"),
        (lambda d: make_image(d / "poster.png"), "est une image"),
        (lambda d: make_image(d / "poster.png").rename(d / "video.mp4"), "est une image"),
        (lambda d: make_audio_only(d / "sound.m4a"), "que du son"),
        (lambda d: make_audio_only(d / "sound.mp3"), "que du son"),
        (lambda d: truncate(make_video(d / "cut.mp4", **SMALL)), "corrompue ou incomplète"),
        (
            lambda d: truncate(make_video(d / "cut.mp4", faststart=True, **SMALL)),
            "corrompue ou incomplète",
        ),
        (
            lambda d: truncate(make_video(d / "cut.mkv", **SMALL), share=0.5),
            "corrompue ou incomplète",
        ),
        (lambda d: make_video(d / "zero.mp4", seconds=0), "aucune image"),
        (lambda d: make_video(d / "short.mp4", seconds=0.2), "dure 0,2\u00a0s"),
        (lambda d: make_video(d / "m2v.mp4", codec="mpeg2video", **SMALL), "(mpeg2video)"),
        (lambda d: make_video(d / "mjpeg.avi", codec="mjpeg", **SMALL), "(mjpeg)"),
        (
            lambda d: make_video(d / "thin.mp4", seconds=1, width=640, height=64),
            "résolution de cette vidéo (640\u00a0×\u00a064",
        ),
        (
            lambda d: make_video(d / "tiny.mp4", seconds=1, width=16, height=16),
            "n'est pas plausible",
        ),
    ],
    ids=[
        "renamed-text",
        "empty",
        "image",
        "renamed-image",
        "audio-only-m4a",
        "audio-only-mp3",
        "truncated-mp4",
        "truncated-faststart-mp4",
        "truncated-mkv",
        "zero-seconds",
        "too-short",
        "mpeg2",
        "mjpeg",
        "absurd-aspect",
        "too-small",
    ],
)
def test_probe_refuses_bad_inputs_with_a_french_message(tmp_path, make, message):
    path = make(tmp_path)

    with pytest.raises(InvalidVideo) as caught:
        probe(path)

    assert message in caught.value.message
    assert str(caught.value) == caught.value.message


# Poster


def test_poster_is_a_jpeg_of_the_video_size(tmp_path, source):
    destination = tmp_path / "poster.jpg"

    size = extract_poster(source, destination, at_seconds=0.5)

    assert size == (320, 180)
    with Image.open(destination) as image:
        assert (image.format, image.size) == ("JPEG", (320, 180))
    assert list(tmp_path.glob("*.part")) == []


def test_poster_skips_black_opening_frames(tmp_path):
    path = make_video(tmp_path / "a.mp4", seconds=2, width=320, height=180, black_seconds=0.6)
    first = tmp_path / "first.jpg"
    chosen = tmp_path / "poster.jpg"

    extract_poster(path, first, at_seconds=0.2)
    extract_poster(path, chosen)

    assert _mean_luma(first) < 20  # the sample really opens on black
    assert _mean_luma(chosen) > 40


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_poster_and_renditions_of_a_rotated_video_are_upright(tmp_path, rotation):
    path = make_video(tmp_path / "a.mp4", **SMALL, rotation=rotation)
    upright = _first_picture(path).transpose(TURNS[rotation])

    transcode(path, {90: tmp_path / "90.mp4"})
    extract_poster(path, tmp_path / "poster.jpg", at_seconds=0)

    rendition = probe(tmp_path / "90.mp4")
    assert rendition.rotation == 0  # turned once, not flagged again
    width = round(90 * upright.width / upright.height / 2) * 2  # 50 upright, 160 flat
    assert (rendition.display_width, rendition.display_height) == (width, 90)
    assert _difference(_first_picture(tmp_path / "90.mp4"), upright) < 12
    assert _difference(_first_picture(tmp_path / "90.mp4"), upright.transpose(TURNS[180])) > 20
    with Image.open(tmp_path / "poster.jpg") as poster:
        assert poster.size == upright.size
        assert _difference(poster, upright) < 12


def _first_picture(path):
    with av.open(str(path)) as container:
        return next(container.decode(video=0)).to_image()


def _difference(image, reference):
    """Mean absolute difference of the luma of two pictures, at ``image``'s size."""
    reference = reference.convert("L").resize(image.size)
    return ImageStat.Stat(ImageChops.difference(image.convert("L"), reference)).mean[0]


def test_poster_has_square_pixels(tmp_path):
    path = make_video(tmp_path / "a.mp4", **SMALL, sample_aspect=Fraction(4, 3))

    assert extract_poster(path, tmp_path / "poster.jpg") == (427, 180)


def test_poster_of_a_bad_file_raises_and_writes_nothing(tmp_path):
    destination = tmp_path / "poster.jpg"

    with pytest.raises(InvalidVideo):
        extract_poster(make_audio_only(tmp_path / "a.m4a"), destination)

    assert not destination.exists()


def _mean_luma(path):
    with Image.open(path) as image:
        return ImageStat.Stat(image.convert("L")).mean[0]


# Rendition heights


@pytest.mark.parametrize(
    ("source_height", "heights"),
    [
        (2160, [360, 720, 1080]),
        (1080, [360, 720, 1080]),
        (1079, [360, 720]),
        (720, [360, 720]),
        (480, [360]),
        (360, [360]),
        (240, [240]),
        (181, [180]),
    ],
)
def test_rendition_heights_never_upscale_and_give_at_least_one(source_height, heights):
    assert rendition_heights(source_height) == heights


def test_rendition_heights_refuse_a_missing_height():
    with pytest.raises(ValueError):
        rendition_heights(0)


# Transcode


def test_transcode_writes_every_height_as_h264_aac_mp4(tmp_path, source):
    outputs = {90: tmp_path / "90.mp4", 180: tmp_path / "180.mp4"}
    fractions = []

    results = transcode(source, outputs, progress=fractions.append)

    assert set(results) == {90, 180}
    for height, path in outputs.items():
        written = probe(path)
        assert (written.video_codec, written.audio_codec) == ("h264", "aac")
        assert (written.height, written.width) == (height, height * 16 // 9)
        assert written.duration == pytest.approx(1, abs=0.05)
        assert results[height].size == path.stat().st_size
        assert (results[height].width, results[height].height) == (written.width, height)
        assert _index_before_data(path)
        with av.open(str(path)) as container:
            video, audio = container.streams.video[0], container.streams.audio[0]
            assert video.codec_context.pix_fmt == "yuv420p"
            assert (audio.sample_rate, audio.layout.name) == (48000, "stereo")
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0
    assert fractions.count(1.0) == 1
    assert len(fractions) > 10
    assert list(tmp_path.glob("*.part")) == []


def test_transcode_of_a_silent_video_has_no_audio(tmp_path):
    path = make_video(tmp_path / "a.webm", codec="libvpx-vp9", audio=False, **SMALL)

    transcode(path, {90: tmp_path / "90.mp4"})

    assert probe(tmp_path / "90.mp4").audio_codec is None


def test_transcode_makes_pixels_square_with_even_dimensions(tmp_path):
    path = make_video(tmp_path / "a.mp4", **SMALL, sample_aspect=Fraction(4, 3))

    results = transcode(path, {90: tmp_path / "90.mp4", 180: tmp_path / "180.mp4"})

    assert (results[90].width, results[180].width) == (214, 426)
    with av.open(str(tmp_path / "180.mp4")) as container:
        assert container.streams.video[0].sample_aspect_ratio in (None, Fraction(1))


def test_transcode_lets_x264_choose_frame_types(tmp_path):
    """Frames decoded from an all-keyframe source (ProRes) carry their type; x264 must
    not be told to make them all keyframes (renditions five times too large)."""
    path = make_video(tmp_path / "a.mov", codec="prores_ks", **SMALL)

    transcode(path, {90: tmp_path / "90.mp4"})

    with av.open(str(tmp_path / "90.mp4")) as container:
        keyframes = [packet.is_keyframe for packet in container.demux(video=0) if packet.size]
    assert len(keyframes) == 25
    assert sum(keyframes) == 1


@pytest.mark.parametrize("height", [91, 0, 360])
def test_transcode_refuses_odd_or_upscaled_heights(tmp_path, source, height):
    with pytest.raises(ValueError):
        transcode(source, {height: tmp_path / "out.mp4"})

    assert list(tmp_path.glob("out.mp4*")) == []


def test_transcode_of_a_bad_file_leaves_nothing(tmp_path):
    cut = truncate(make_video(tmp_path / "cut.mp4", faststart=True, **SMALL))

    with pytest.raises(InvalidVideo):
        transcode(cut, {90: tmp_path / "90.mp4"})

    assert sorted(p.name for p in tmp_path.iterdir()) == ["cut.mp4"]


def test_transcode_interrupted_midway_leaves_nothing(tmp_path, source):
    def interrupt(fraction):
        if fraction > 0.5:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        transcode(source, {90: tmp_path / "90.mp4"}, progress=interrupt)

    assert sorted(p.name for p in tmp_path.iterdir()) == ["source.mp4"]


def _index_before_data(path: Path) -> bool:
    """Whether the MP4's top-level ``moov`` box comes before its ``mdat`` (faststart)."""
    order = []
    with path.open("rb") as file:
        while header := file.read(8):
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", file.read(8))[0] - 8
            order.append(kind)
            file.seek(size - 8, os.SEEK_CUR)
    return order.index(b"moov") < order.index(b"mdat")


# Low priority, in a child process


def test_transcode_in_subprocess_returns_the_results_and_relays_progress(tmp_path, source):
    fractions = []

    results = transcode_in_subprocess(source, {90: tmp_path / "90.mp4"}, fractions.append)

    assert results[90].height == 90
    assert probe(tmp_path / "90.mp4").video_codec == "h264"
    assert fractions == sorted(fractions)
    assert fractions[-1] == 1.0


def test_subprocess_failure_is_raised_in_the_caller(tmp_path):
    text = _text(tmp_path / "video.mp4")

    with pytest.raises(InvalidVideo, match="n'est pas une vidéo") as caught:
        transcode_in_subprocess(text, {90: tmp_path / "90.mp4"})

    assert any("Child process traceback" in note for note in caught.value.__notes__)
    assert not (tmp_path / "90.mp4").exists()


def test_child_runs_at_low_priority():
    assert run_low_priority(os.nice, 0) >= min(19, os.nice(0) + LOW_PRIORITY_NICENESS)


def test_killed_child_leaves_no_final_output_and_the_job_can_be_retried(tmp_path, source):
    outputs = {90: tmp_path / "90.mp4"}

    with pytest.raises(ProcessingInterrupted, match="SIGKILL"):
        run_low_priority(transcode_then_die, source, outputs)

    assert not outputs[90].exists()
    transcode_in_subprocess(source, outputs)
    assert probe(outputs[90]).height == 90
    assert sorted(p.name for p in tmp_path.iterdir()) == ["90.mp4", "source.mp4"]


def transcode_then_die(path, outputs):
    """Run in the child: a transcode whose process is killed once it has started."""

    def die(fraction):
        if fraction > 0.5:
            os.kill(os.getpid(), signal.SIGKILL)

    transcode(path, outputs, progress=die)
