-- placeholder so the migrations folder is never empty
select 1;
