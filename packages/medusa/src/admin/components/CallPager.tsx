import { Table } from "@medusajs/ui";

/** Medusa's pager under a table of calls, for `count` calls `pageSize` at a time; nothing when there are none. */
export function CallPager({ count, pageSize, page, onPage }: { count: number; pageSize: number; page: number; onPage: (page: number) => void }) {
  if (count === 0) return null;
  const pageCount = Math.max(1, Math.ceil(count / pageSize));
  return (
    <Table.Pagination
      count={count}
      pageSize={pageSize}
      pageIndex={page}
      pageCount={pageCount}
      canPreviousPage={page > 0}
      canNextPage={page + 1 < pageCount}
      previousPage={() => onPage(page - 1)}
      nextPage={() => onPage(page + 1)}
    />
  );
}
