"""The streamed XLSX opens in a spreadsheet program with exactly the values written."""

import io

from openpyxl import load_workbook

from socialreturn.xlsx import ROWS_PER_CHUNK, xlsx_stream


def test_a_streamed_workbook_reads_back_cell_for_cell():
    rows = [
        ["Bakkerij & Zn <Oss>", 24, 0.5, "", None],
        ['\'=HYPERLINK("x")', -3, 'café "ja"', "regel\x00\x07 met stuurtekens", "  spaties  "],
    ]
    chunks = list(
        xlsx_stream(sheet="plaatsingen", header=["Naam", "Uren", "Deel", "", "Notitie"], rows=rows)
    )

    sheet = load_workbook(io.BytesIO(b"".join(chunks)), read_only=True)["plaatsingen"]

    assert [list(row) for row in sheet.iter_rows(values_only=True)] == [
        ["Naam", "Uren", "Deel", None, "Notitie"],
        ["Bakkerij & Zn <Oss>", 24, 0.5, None, None],
        ['\'=HYPERLINK("x")', -3, 'café "ja"', "regel met stuurtekens", "  spaties  "],
    ]


def test_many_rows_go_out_in_chunks_before_the_last_is_written():
    written = []

    def rows():
        for n in range(3 * ROWS_PER_CHUNK):
            written.append(n)
            yield [n]

    stream = xlsx_stream(sheet="x" * 40, header=["n"], rows=rows())
    sent = [next(stream), next(stream)]
    assert len(written) == ROWS_PER_CHUNK  # one chunk out, nothing more read yet
    book = load_workbook(io.BytesIO(b"".join([*sent, *stream])), read_only=True)
    assert book.sheetnames == ["x" * 31]
